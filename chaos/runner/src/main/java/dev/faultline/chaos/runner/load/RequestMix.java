package dev.faultline.chaos.runner.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Weights of the endpoints in the traffic; each request picks one in proportion to its weight. */
public final class RequestMix {

    /** A shop's day: mostly browsing, some buying, some checking on what they bought. */
    public static final RequestMix DEFAULT = new RequestMix(Map.of(
            Endpoint.BROWSE, 30, Endpoint.VIEW_PRODUCT, 30, Endpoint.CREATE_USER, 5,
            Endpoint.PLACE_ORDER, 20, Endpoint.VIEW_ORDER, 15, Endpoint.VIEW_SHIPMENT, 10));

    private final Map<Endpoint, Integer> weights;
    private final int total;

    public RequestMix(Map<Endpoint, Integer> weights) {
        if (weights.values().stream().anyMatch(w -> w < 0)) {
            throw new IllegalArgumentException("weights must not be negative");
        }
        this.weights = new EnumMap<>(weights);
        this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            throw new IllegalArgumentException("at least one endpoint needs a weight above zero");
        }
    }

    /**
     * Reads {@code browse=3,place-order=1}.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static RequestMix parse(String text) {
        Map<Endpoint, Integer> weights = new EnumMap<>(Endpoint.class);
        for (String part : text.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("'" + part.strip() + "' is not endpoint=weight");
            }
            try {
                weights.put(Endpoint.of(pair[0].strip()), Integer.parseInt(pair[1].strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of " + pair[0].strip() + " is not a whole number");
            }
        }
        return new RequestMix(weights);
    }

    public Endpoint pick(RandomGenerator random) {
        int ticket = random.nextInt(total);
        for (Map.Entry<Endpoint, Integer> entry : weights.entrySet()) {
            ticket -= entry.getValue();
            if (ticket < 0) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("unreachable");
    }

    public Map<Endpoint, Integer> weights() {
        return Map.copyOf(weights);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        weights.forEach((endpoint, weight) -> text.append(text.isEmpty() ? "" : ",").append(endpoint.key()).append('=').append(weight));
        return text.toString();
    }
}
