package dev.chimera.worker.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import ai.djl.Device;
import dev.chimera.contract.Method;
import dev.chimera.messaging.TopicProvisioner;
import dev.chimera.storage.jobs.RunningAttempts;
import dev.chimera.storage.objects.ObjectStore;
import dev.chimera.worker.config.WorkerSettings;
import dev.chimera.worker.models.ModelSource;
import dev.chimera.worker.pipeline.ClvaePipeline;
import dev.chimera.worker.pipeline.CiaPrecision;
import dev.chimera.worker.pipeline.CrossImageAttentionPipeline;
import dev.chimera.worker.pipeline.CrossbreedPipeline;
import dev.chimera.worker.pipeline.Pipeline;
import dev.chimera.worker.pipeline.SplicePipeline;
import dev.chimera.worker.service.BusyListener;
import dev.chimera.worker.service.JobRunner;
import dev.chimera.worker.service.OutageTolerantModels;

/**
 * A running worker: its topics provisioned, the control listener and the work loop on their threads, and the
 * methods it serves announced.
 */
public final class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class);
    private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(30);

    private final WorkerSettings settings;
    private final JobRunner runner;
    private final WorkLoop loop;
    private final ControlListener control;
    private final EventProducer producer;
    private final ScheduledExecutorService leaseTimer;
    private final MethodAnnouncer announcer;
    private final Thread loopThread;
    private final Thread controlThread;

    private Worker(WorkerSettings settings, JobRunner runner, WorkLoop loop, ControlListener control,
            EventProducer producer, ScheduledExecutorService leaseTimer, MethodAnnouncer announcer) {
        this.settings = settings;
        this.runner = runner;
        this.loop = loop;
        this.control = control;
        this.producer = producer;
        this.leaseTimer = leaseTimer;
        this.announcer = announcer;
        this.loopThread = new Thread(loop, "work-loop-" + settings.workerId());
        this.controlThread = new Thread(control, "control-" + settings.workerId());
    }

    /**
     * Provisions the topics and starts consuming work orders and control commands; {@code busyListener} hears when
     * each job starts and ends.
     */
    public static Worker start(WorkerSettings settings, Device device, RunningAttempts attempts,
            ObjectStore objects, ModelSource models, BusyListener busyListener) {
        provisionTopics(settings);
        EventProducer producer = new EventProducer(settings.kafkaBootstrap(), settings.workerId());
        ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(
                r -> new Thread(r, "lease-" + settings.workerId()));
        JobRunner runner = new JobRunner(settings.workerId(), device, attempts, objects,
                pipelines(new OutageTolerantModels(models, settings.outages()), settings.ciaPrecision()),
                producer, settings.leaseTtl(), settings.keepCheckpoints(), leaseTimer, busyListener, settings.outages(),
                settings.memoryBudget());
        WorkLoop loop = new WorkLoop(settings.kafkaBootstrap(), settings.group(), settings.workTopics(), runner,
                producer);
        ControlListener control = new ControlListener(settings.kafkaBootstrap(), runner);
        MethodAnnouncer announcer = new MethodAnnouncer(settings.workerId(), servedMethods(settings, runner),
                settings.announceEvery(), settings.announcementTtl(), producer::announce, Clock.systemUTC());
        Worker worker = new Worker(settings, runner, loop, control, producer, leaseTimer, announcer);
        worker.controlThread.start();
        worker.loopThread.start();
        announcer.start();
        LOG.infof("worker started worker=%s device=%s topics=%s group=%s leaseTtl=%s", settings.workerId(), device,
                settings.workTopics(), settings.group(), settings.leaseTtl());
        return worker;
    }

    /** The pipeline of every method a worker implements, over {@code models}, CIA's in {@code ciaPrecision}. */
    public static List<Pipeline<?>> pipelines(ModelSource models, CiaPrecision ciaPrecision) {
        return List.of(new CrossbreedPipeline(models), new ClvaePipeline(models), new SplicePipeline(models),
                new CrossImageAttentionPipeline(models, ciaPrecision));
    }

    /** The methods of the runner's pipelines whose kind this worker takes. */
    static Set<Method> servedMethods(WorkerSettings settings, JobRunner runner) {
        return runner.methods().stream().filter(method -> settings.kinds().contains(method.kind()))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static void provisionTopics(WorkerSettings settings) {
        try (Admin admin = Admin.create(KafkaClients.admin(settings.kafkaBootstrap(), settings.workerId() + "-topics"))) {
            Set<String> created = new TopicProvisioner(admin, TOPICS_TIMEOUT)
                    .ensure(settings.topicPartitions(), settings.replication());
            LOG.infof("topics provisioned worker=%s created=%s", settings.workerId(), created);
            ShareGroupSettings.apply(admin, settings, TOPICS_TIMEOUT);
        }
    }

    /** Waits until both consumers hold their partitions, i.e. the worker sees orders and commands sent now. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return loop.awaitAssignment(timeout) && control.awaitAssignment(timeout);
    }

    /** Whether the work loop is still running. */
    public boolean running() {
        return loopThread.isAlive();
    }

    /** The runner of this worker's jobs. */
    public JobRunner runner() {
        return runner;
    }

    /**
     * The shutdown path (SIGTERM): the worker withdraws its methods, the running job stops at its next step and is
     * released, its order committed; then the consumers and the producer close. Returns within the grace period.
     */
    public void stop() throws InterruptedException {
        announcer.withdraw();
        boolean clean = loop.stop(settings.shutdownGrace());
        control.stop();
        controlThread.join(settings.shutdownGrace().toMillis());
        leaseTimer.shutdownNow();
        producer.close();
        LOG.infof("worker stopped worker=%s clean=%s", settings.workerId(), clean);
    }
}
