package dev.faultline.chaos.runner.scenario;

import java.time.Duration;

import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.load.RequestMix;

/**
 * The traffic that runs for the whole scenario.
 *
 * @param rate   requests per second; 0 for none
 * @param mix    endpoint weights
 * @param warmUp load before the steady-state check
 * @param identity who the load says it is (the demo API key, or a client with access tokens)
 */
public record LoadProfile(double rate, RequestMix mix, Duration warmUp, LoadIdentity identity) {

    public static final LoadProfile NONE = new LoadProfile(0, RequestMix.DEFAULT, Duration.ZERO, LoadIdentity.API_KEY);
}
