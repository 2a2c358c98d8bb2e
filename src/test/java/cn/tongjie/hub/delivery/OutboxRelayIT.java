package cn.tongjie.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.registry.Outbox;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox relay sends a key's rows in waves within one round (a hot key — an early-warning alert updated by every
 * dispute joining a surge — used to get one row per round, piled up under load and the hub ran out of heap): each
 * key's rows must still leave once each and in order, interleaved with other keys'.
 */
@HubIT
class OutboxRelayIT extends HubITSupport {

    @Autowired
    Outbox outbox;
    @Autowired
    TransactionTemplate tx;
    @Value("${tongjie.early-warning.topic}")
    String topic;

    @Test
    void shouldSendAHotKeysBacklogOnceAndInOrderAlongsideOtherKeys() {
        String hot = "EW-ORDER-" + UUID.randomUUID();
        String cold = "EW-ORDER-" + UUID.randomUUID();
        int n = 120; // more rows of one key than the relay's 50 rounds per pass
        tx.executeWithoutResult(t -> {
            for (int i = 0; i < n; i++) {
                outbox.enqueue("early-warning", hot, null, "{\"seq\":" + i + "}");
                if (i % 10 == 0) {
                    outbox.enqueue("early-warning", cold, null, "{\"seq\":" + i / 10 + "}");
                }
            }
        });

        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            seen.clear();
            seen.addAll(hub.read(topic, List.of(hot, cold), Duration.ofMillis(500)));
            return seen.size() >= n + n / 10;
        });
        Map<String, List<Integer>> byKey = seen.stream().collect(Collectors.groupingBy(
                r -> new String(r.key(), StandardCharsets.UTF_8),
                Collectors.mapping(r -> hub.value(r).get("seq").asInt(), Collectors.toList())));
        assertThat(byKey.get(hot)).containsExactlyElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(byKey.get(cold)).containsExactlyElementsOf(IntStream.range(0, n / 10).boxed().toList());
        assertThat(hub.count("select count(*) from outbox where status = 'PENDING' and msg_key in (?, ?)", hot, cold))
                .isZero();
    }
}
