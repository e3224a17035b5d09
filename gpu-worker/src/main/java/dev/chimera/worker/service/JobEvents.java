package dev.chimera.worker.service;

import dev.chimera.contract.messages.WorkerEvent;

/** Where a worker reports what happens to the jobs it runs (chimera.jobs.events in a real worker). */
public interface JobEvents {

    /** Publishes the event and returns once the broker acknowledged it. */
    void publish(WorkerEvent event);
}
