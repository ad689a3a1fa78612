package dev.debugd.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A team whose evidence the platform watches: its detection, grouping, suppression and fix-loop settings. */
@Group(Tenant.GROUP)
@Version(Tenant.VERSION)
@ShortNames("dtenant")
@AdditionalPrinterColumn(name = "Threshold", jsonPath = ".spec.confidenceThreshold", type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(name = "Deletion", jsonPath = ".spec.deletionPolicy", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public final class Tenant extends CustomResource<TenantSpec, ResourceStatus> implements Namespaced {

    public static final String GROUP = "debugd.dev";
    public static final String VERSION = "v1alpha1";
}
