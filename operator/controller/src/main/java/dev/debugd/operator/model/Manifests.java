package dev.debugd.operator.model;

import dev.debugd.manifests.Manifest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import tools.jackson.databind.json.JsonMapper;

/**
 * A custom resource as the workers' configuration code reads it: the same schema check, strict fields and facts as the
 * local manifest mode. Pure.
 */
public final class Manifests {

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Manifests() {}

    /** The resource as a manifest, without its status; a spec the CRD's schema or type refuses throws with the reason. */
    public static Manifest of(HasMetadata resource) {
        var document = (tools.jackson.databind.node.ObjectNode) JSON.readTree(KUBERNETES.asJson(resource));
        document.remove("status");
        var metadata = JSON.createObjectNode();
        metadata.set("name", document.path("metadata").path("name"));
        metadata.set("uid", document.path("metadata").path("uid"));
        document.set("metadata", metadata);
        return Manifest.of(document, "cluster");
    }
}
