package dev.faultline.cli.launcher;

/** The first, third, fifth... exercise of the workshop (see {@link WorkshopRuns}). */
class WorkshopPartOneIT extends WorkshopRuns {

    @Override
    int part() {
        return 0;
    }
}
