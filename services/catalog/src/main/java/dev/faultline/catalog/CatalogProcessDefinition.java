package dev.faultline.catalog;

import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import dev.faultline.platform.spi.ProcessDefinition;

/** The catalog process, as its own JVM and a one-JVM sandbox run it. */
public final class CatalogProcessDefinition implements ProcessDefinition {

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public ServiceServer.Parts parts(ProcessContext context) {
        return ServiceServer.withDatabase(context, Main.SCHEMA, Main.api(context));
    }
}
