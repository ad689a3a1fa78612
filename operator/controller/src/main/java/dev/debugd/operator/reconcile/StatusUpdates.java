package dev.debugd.operator.reconcile;

import dev.debugd.manifests.Manifest;
import dev.debugd.operator.model.Manifests;
import dev.debugd.operator.model.Readiness;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.Objects;

/** What every reconciler does at its edges: read the resource as a manifest, and patch its status only on change. */
public final class StatusUpdates {

    private StatusUpdates() {}

    /** The resource as the configuration code reads it; a spec its schema refuses is {@code InvalidSpec}. */
    public static Manifest manifest(HasMetadata resource) {
        try {
            return Manifests.of(resource);
        } catch (IllegalArgumentException e) {
            throw new InvalidResource("InvalidSpec", e.getMessage());
        }
    }

    /** The Ready condition a failed reconcile leaves: an invalid resource's own reason, else what could not be made. */
    public static Readiness failed(Exception e, String attempt) {
        return e instanceof InvalidResource invalid ? Readiness.notReady(invalid.reason(), invalid.getMessage())
                : Readiness.notReady("ReconcileFailed", "could not " + attempt + ", trying again: " + e.getMessage());
    }

    public static <P extends CustomResource<?, S>, S> UpdateControl<P> patchIfChanged(P resource, S next) {
        if (Objects.equals(next, resource.getStatus())) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(next);
        return UpdateControl.patchStatus(resource);
    }

    public static <P extends CustomResource<?, S>, S> ErrorStatusUpdateControl<P> patchErrorIfChanged(P resource, S next) {
        if (Objects.equals(next, resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        resource.setStatus(next);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
