package dev.chimera.storage.jobs;

/**
 * The limits admission applies.
 *
 * @param defaultQuota jobs of one kind a tenant may have admitted or running at once, unless the admin set its own
 * @param ordersPerWorker jobs of a kind that may be admitted or running per live worker serving the kind: with 1, an
 *     order waits in Kafka only for an idle worker, so a job admitted later (another tenant's) is next for the first
 *     worker to finish
 * @param minimumOrders work orders of a kind that may wait while no live worker serves it, so that a pool
 *     scaled to zero or a worker that has not announced itself yet still receives work
 */
public record AdmissionPolicy(int defaultQuota, int ordersPerWorker, int minimumOrders) {

    public AdmissionPolicy {
        if (defaultQuota < 0 || ordersPerWorker < 1 || minimumOrders < 0) {
            throw new IllegalArgumentException("quota and minimum must be >= 0, orders per worker >= 1");
        }
    }

    /** How many work orders of a kind may wait for its {@code liveWorkers}, {@code running} of which run a job. */
    public int budget(int liveWorkers, int running) {
        // The minimum is for a pool nobody serves yet; busy live workers must not have an order queued behind them.
        return liveWorkers == 0 ? minimumOrders : Math.max(0, ordersPerWorker * liveWorkers - running);
    }
}
