package cn.tongjie.hub.exchangelog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar tongjie-hub.jar --tongjie.exchange-log.verify=true} (with the hub's usual configuration): verifies
 * the log in the configured database, logs the report (first bad seq and why) and exits 0 when valid, 1 when not.
 */
@Component
class ExchangeLogVerifyCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ExchangeLogVerifyCommand.class);

    private final ExchangeLogProperties props;
    private final ExchangeLogService service;
    private final ConfigurableApplicationContext context;

    ExchangeLogVerifyCommand(ExchangeLogProperties props, ExchangeLogService service,
            ConfigurableApplicationContext context) {
        this.props = props;
        this.service = service;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!props.verify()) {
            return;
        }
        ChainVerifier.Report report = service.verify();
        if (report.valid()) {
            log.info("EXCHANGE LOG {}", report.summary());
        } else {
            log.error("EXCHANGE LOG {}", report.summary());
            report.problems().forEach(p -> log.error("  seq {} {}: {}", p.seq(), p.kind(), p.detail()));
        }
        int code = report.valid() ? 0 : 1;
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
