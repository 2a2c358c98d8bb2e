package cn.tongjie.hub.simulator.committee;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo/test stand-in for the political-legal committee's webhook receiver: keeps every early-warning POST it accepted
 * (GET lists them) and can be told to refuse the next few with 503, as a receiver in maintenance would.
 */
@RestController
@ConditionalOnProperty(name = "tongjie.simulators.committee.enabled", havingValue = "true")
public class CommitteeWebhookSimulator {

    private static final Logger log = LoggerFactory.getLogger(CommitteeWebhookSimulator.class);
    private static final String PATH = "/sim/committee/early-warnings";

    private final ObjectMapper mapper;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refuse = new AtomicInteger();

    CommitteeWebhookSimulator(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @PostMapping(PATH)
    ResponseEntity<Void> receive(@RequestBody String body) throws com.fasterxml.jackson.core.JsonProcessingException {
        if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return ResponseEntity.status(503).build();
        }
        JsonNode event = mapper.readTree(body);
        received.add(event);
        log.info("Committee received early warning {} ({})", event.path("subject").asText(),
                event.path("data").path("rule").asText());
        return ResponseEntity.accepted().build();
    }

    @GetMapping(PATH)
    List<JsonNode> list() {
        return List.copyOf(received);
    }

    /** The CloudEvents received so far, oldest first. */
    public List<JsonNode> received() {
        return List.copyOf(received);
    }

    /** The next {@code n} POSTs are answered 503. */
    public void refuseNext(int n) {
        refuse.set(n);
    }

    public void clear() {
        received.clear();
        refuse.set(0);
    }
}
