package dev.faultline.cli.launcher;

/** The mysteries whose fault acts on requests (see {@link MysteryRuns}): beside the other system tests. */
class MysteryIT extends MysteryRuns {

    @Override
    boolean wholeProcess() {
        return false;
    }
}
