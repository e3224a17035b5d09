package dev.chimera.storage.jobs;

/**
 * The limits admission applies.
 *
 * @param defaultQuota jobs of one kind a tenant may have admitted or running at once, unless the admin set its own
 * @param ordersPerWorker work orders of a kind that may wait for a worker, per live worker serving the kind
 * @param minimumOrders work orders of a kind that may wait even when no live worker serves it, so that a pool
 *     scaled to zero or a worker that has not announced itself yet still receives work
 */
public record AdmissionPolicy(int defaultQuota, int ordersPerWorker, int minimumOrders) {

    public AdmissionPolicy {
        if (defaultQuota < 0 || ordersPerWorker < 1 || minimumOrders < 0) {
            throw new IllegalArgumentException("quota and minimum must be >= 0, orders per worker >= 1");
        }
    }

    /** How many work orders of a kind may wait for its {@code liveWorkers}. */
    public int budget(int liveWorkers) {
        return Math.max(minimumOrders, ordersPerWorker * liveWorkers);
    }
}
