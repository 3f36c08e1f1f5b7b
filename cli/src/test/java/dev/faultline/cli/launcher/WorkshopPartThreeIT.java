package dev.faultline.cli.launcher;

/** The third, sixth, ninth... exercise of the workshop (see {@link WorkshopRuns}). */
class WorkshopPartThreeIT extends WorkshopRuns {

    @Override
    int part() {
        return 2;
    }
}
