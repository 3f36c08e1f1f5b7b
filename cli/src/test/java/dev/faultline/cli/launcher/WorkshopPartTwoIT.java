package dev.faultline.cli.launcher;

/** The second, fourth, sixth... exercise of the workshop (see {@link WorkshopRuns}). */
class WorkshopPartTwoIT extends WorkshopRuns {

    @Override
    int part() {
        return 1;
    }
}
