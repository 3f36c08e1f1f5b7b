package dev.faultline.cli.launcher;

import java.util.List;

import dev.faultline.cli.workshop.Exercise;

/** The first part of the exercises that run on a one-JVM sandbox (see {@link WorkshopRuns}). */
class WorkshopPartOneIT extends WorkshopRuns {

    @Override
    Hosting hosting() {
        return Hosting.ONE_JVM;
    }

    @Override
    List<Exercise> exercises(List<Exercise> all) {
        return oneJvmPart(all, 0);
    }

    @Override
    String learner() {
        return "learner-0";
    }
}
