package cn.tongjie.hub.infra;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the hub's own topics before any route starts (auto-creation is off on the embedded broker, and should be on
 * any production cluster). The police topics are created only where the hub's broker also plays the police cluster
 * (demo, tests): on the real police cluster the hub has no right to create topics (police §2).
 */
@Component
class KafkaTopics implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private final Optional<EmbeddedKafkaBroker> embedded;
    private final String brokers;
    private final boolean createTopics;
    private final List<NewTopic> wanted = new ArrayList<>();

    KafkaTopics(Optional<EmbeddedKafkaBroker> embedded,
            @Value("${tongjie.kafka.brokers}") String brokers,
            @Value("${tongjie.kafka.partitions}") int partitions,
            @Value("${tongjie.kafka.canonical-topic}") String canonicalTopic,
            @Value("${tongjie.kafka.create-topics:true}") boolean createTopics,
            @Value("${tongjie.kafka.embedded.create-police-topics:false}") boolean createPoliceTopics,
            @Value("${tongjie.police.handover-topic}") String handoverTopic,
            @Value("${tongjie.police.feedback-topic}") String feedbackTopic,
            @Value("${tongjie.early-warning.topic}") String earlyWarningTopic) {
        this.embedded = embedded;
        this.brokers = brokers;
        this.createTopics = createTopics;
        wanted.add(new NewTopic(canonicalTopic, partitions, (short) 1));
        // early-warning alerts are few: one partition keeps them in order for the committee's consumers
        wanted.add(new NewTopic(earlyWarningTopic, 1, (short) 1));
        if (createPoliceTopics) {
            // Contract §2.1: 6 partitions each.
            wanted.add(new NewTopic(handoverTopic, 6, (short) 1));
            wanted.add(new NewTopic(feedbackTopic, 6, (short) 1));
        }
    }

    /**
     * After every bean is created and before the Camel context (a Spring Lifecycle) starts the routes: the embedded
     * broker starts in the background meanwhile (EmbeddedKafkaBroker#startInBackground), and is waited for only here.
     */
    @Override
    public void afterSingletonsInstantiated() {
        embedded.ifPresent(EmbeddedKafkaBroker::awaitStarted);
        if (!createTopics) {
            return;
        }
        String bootstrap = embedded.map(EmbeddedKafkaBroker::bootstrapServers).orElse(brokers);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                throw new HubException(ErrorCode.TJ_INTERNAL, "cannot create topics on " + bootstrap, e);
            }
        } catch (Exception e) {
            throw new HubException(ErrorCode.TJ_INTERNAL, "cannot create topics on " + bootstrap, e);
        }
    }
}
