package dev.faultline.cli.commands;

import java.util.Iterator;

import dev.faultline.chaos.model.FaultKindNames;

/** The fault kinds for picocli's help ({@code ${COMPLETION-CANDIDATES}}) and shell completion. */
final class FaultKindCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
        return FaultKindNames.ALL.iterator();
    }
}
