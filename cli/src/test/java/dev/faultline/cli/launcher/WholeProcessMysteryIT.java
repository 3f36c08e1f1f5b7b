package dev.faultline.cli.launcher;

/**
 * The mysteries whose fault acts on a whole process, a core burned or a heap filled (see {@link MysteryRuns}): in
 * failsafe's execution that runs alone, so the machine they load is nobody else's.
 */
class WholeProcessMysteryIT extends MysteryRuns {

    @Override
    boolean wholeProcess() {
        return true;
    }
}
