package dev.chimera.worker.service;

/** Told when this worker starts and ends running a job; must return at once and never throw. */
public interface BusyListener {

    /** A listener that ignores both changes. */
    BusyListener NONE = new BusyListener() {
        @Override
        public void busy() {
        }

        @Override
        public void idle() {
        }
    };

    /** The worker claimed a job's lease and runs it. */
    void busy();

    /** The job has ended, whatever the outcome; the worker runs nothing. */
    void idle();
}
