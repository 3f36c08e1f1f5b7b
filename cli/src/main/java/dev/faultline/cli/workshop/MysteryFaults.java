package dev.faultline.cli.workshop;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.faultline.chaos.model.FaultSpec;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.scenario.Step;

/**
 * Applies a mystery's fault through the admin API, hidden (not listed, not in the fault metrics, not named in the
 * logs; its span events stay, as the evidence), and ends it.
 */
public final class MysteryFaults {

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;

    public MysteryFaults(SandboxEndpoints endpoints) {
        this.endpoints = endpoints;
        this.admin = new AdminClient(endpoints.adminToken());
    }

    /**
     * Checks the fault on every target first (nothing is applied if one would refuse), then applies it.
     *
     * @return each applied fault
     * @throws dev.faultline.chaos.runner.control.ControlException when a process refuses or does not answer
     */
    public List<MysteryCase.AppliedFault> apply(Step.Inject fault) {
        List<ProcessEndpoint> targets = endpoints.select(fault.instance() != null ? fault.instance() : fault.service())
                .stream().filter(p -> p.service().equals(fault.service())).toList();
        if (targets.isEmpty()) {
            throw new IllegalStateException("no process of " + fault.service() + " here; known: " + endpoints.names());
        }
        FaultSpec hidden = fault.fault().hide();
        targets.forEach(target -> admin.check(target, hidden));
        List<MysteryCase.AppliedFault> applied = new ArrayList<>();
        for (ProcessEndpoint target : targets) {
            JsonNode answer = admin.inject(target, hidden);
            applied.add(new MysteryCase.AppliedFault(target.name(), answer.path("id").asText()));
        }
        return applied;
    }

    /** Ends them; a fault already over (its lease ran out) is fine. */
    public void end(List<MysteryCase.AppliedFault> faults) {
        for (MysteryCase.AppliedFault fault : faults) {
            endpoints.select(fault.process()).stream().filter(p -> p.name().equals(fault.process())).findFirst()
                    .ifPresent(p -> admin.clear(p, fault.id()));
        }
    }
}
