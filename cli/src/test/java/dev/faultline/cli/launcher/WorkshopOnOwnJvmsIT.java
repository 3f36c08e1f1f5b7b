package dev.faultline.cli.launcher;

import java.util.List;

import dev.faultline.cli.workshop.Exercise;

/**
 * The exercises whose lesson is a process's exit and the supervisor's restart (a crash fault), on a sandbox whose
 * processes have JVMs of their own, as in production (see {@link WorkshopRuns}).
 */
class WorkshopOnOwnJvmsIT extends WorkshopRuns {

    @Override
    Hosting hosting() {
        return Hosting.JVM_PER_PROCESS;
    }

    @Override
    List<Exercise> exercises(List<Exercise> all) {
        return all.stream().filter(exercise -> crashesAProcess(exercise) && !needsTls(exercise)).toList();
    }

    @Override
    String learner() {
        return "learner-own-jvms";
    }
}
