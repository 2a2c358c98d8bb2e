package cn.tongjie.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two hub nodes on one database (two {@link OutboxLease}s on one store): while one node relays, the other's pass is
 * skipped instead of sending the same pending rows; once the first pass ends, the other node relays again.
 */
class OutboxLeaseTest {

    private static final List<RegistryTestDatabase> DATABASES = RegistryTestDatabase.available();

    static Stream<RegistryTestDatabase> databases() {
        return DATABASES.stream();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (RegistryTestDatabase db : DATABASES) {
            db.drop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldSkipRelayPassOfSecondNodeWhileFirstNodeRelays(RegistryTestDatabase db) throws Exception {
        DataSource store = db.freshDataSource();
        OutboxLease nodeA = new OutboxLease(store);
        OutboxLease nodeB = new OutboxLease(store);
        CountDownLatch aRelaying = new CountDownLatch(1);
        CountDownLatch bTried = new CountDownLatch(1);

        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> nodeA.runIfFree(() -> {
            aRelaying.countDown();
            await(bTried);
            return 7;
        }));
        assertThat(aRelaying.await(30, TimeUnit.SECONDS)).isTrue();
        int[] bRan = {0};
        int b = nodeB.runIfFree(() -> ++bRan[0]);
        bTried.countDown();

        assertThat(a.get(30, TimeUnit.SECONDS)).as("node A's pass ran and returned its count").isEqualTo(7);
        assertThat(bRan[0]).as("node B did not relay while A held the lease").isZero();
        assertThat(b).isZero();
        assertThat(nodeB.runIfFree(() -> 3)).as("node B relays once A's pass is over").isEqualTo(3);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("node B never tried");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
