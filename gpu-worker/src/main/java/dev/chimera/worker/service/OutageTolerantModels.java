package dev.chimera.worker.service;

import dev.chimera.worker.models.LoadedModel;
import dev.chimera.worker.models.ModelLoader;
import dev.chimera.worker.models.ModelSource;

/**
 * The model registry as pipelines see it: a load that finds object storage down (listing the versions, reading a
 * manifest, downloading a file) is tried again in place, as its {@link OutagePolicy} says, instead of failing the
 * job. The wait does not end early on a cancel: pipelines load their model before their first step.
 */
public final class OutageTolerantModels implements ModelSource {

    private final ModelSource models;
    private final OutageRetry outages;

    /** {@code models}, waited for through outages of object storage by {@code policy}. */
    public OutageTolerantModels(ModelSource models, OutagePolicy policy) {
        this.models = models;
        this.outages = new OutageRetry(policy);
    }

    @Override
    public <T> LoadedModel<T> load(String family, ModelLoader<T> loader) {
        return outages.call("load model", "family=" + family, OutageRetry.Outage.STORAGE, OutageRetry::pause,
                () -> new IllegalStateException("interrupted while waiting out an outage"), () -> models.load(family, loader));
    }
}
