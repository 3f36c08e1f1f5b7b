package dev.faultline.cli.launcher;

import java.util.List;

import dev.faultline.cli.workshop.Exercise;

/**
 * The exercises that need mutual TLS (a certificate fault shows only where certificates are checked), on a one-JVM
 * sandbox started with {@code --tls mtls} (see {@link WorkshopRuns}).
 */
class WorkshopOnTlsIT extends WorkshopRuns {

    @Override
    Hosting hosting() {
        return Hosting.ONE_JVM;
    }

    @Override
    String[] upOptions() {
        return new String[] {"--tls", "mtls"};
    }

    @Override
    List<Exercise> exercises(List<Exercise> all) {
        return all.stream().filter(WorkshopRuns::needsTls).toList();
    }

    @Override
    String learner() {
        return "learner-tls";
    }
}
