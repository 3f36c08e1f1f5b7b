package dev.faultline.platform.spi;

import java.net.URI;
import java.util.List;

/**
 * Where the instances of other services are: the base URLs of their API sockets. A process that knows them (the
 * gateway, through discovery) offers them to its extensions, so its admin API can act on every instance at once.
 */
@FunctionalInterface
public interface InstanceDirectory {

    /** A process that knows no other service. */
    InstanceDirectory NONE = service -> List.of();

    /** The instances of the service, empty when it is not known. */
    List<URI> instances(String service);
}
