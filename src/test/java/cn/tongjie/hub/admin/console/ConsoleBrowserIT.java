package cn.tongjie.hub.admin.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tongjie.hub.it.Handovers;
import cn.tongjie.hub.it.HubFixture;
import cn.tongjie.hub.it.HubIT;
import cn.tongjie.hub.it.HubITSupport;
import cn.tongjie.hub.simulator.legal.LegalServiceSimulator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console in a real headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run): each role sees
 * only what it may, a flowing dispute's timeline opens, and a quarantined police record is repaired, replayed and
 * flows. Screenshots of every page land in target/console-screenshots/. Without Chromium the tests fail, never skip.
 */
@HubIT
class ConsoleBrowserIT extends HubITSupport {

    private static final Path CHROMIUM = Path.of(System.getProperty("tongjie.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("tongjie.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PASSWORD = "tongjie-demo";

    private static WebDriver browser;

    @Autowired
    LegalServiceSimulator legal;
    @Autowired
    cn.tongjie.hub.routing.RoutingRules routing;
    @org.springframework.beans.factory.annotation.Value("${tongjie.routing.rules-location}")
    String rulesLocation;
    @org.springframework.beans.factory.annotation.Value("${tongjie.mappings.location}")
    String mappingsLocation;
    @Autowired
    cn.tongjie.hub.mapping.MappingEngine mappings;

    @BeforeAll
    static void startBrowser() throws Exception {
        assertThat(CHROMIUM).as("Chromium is required for the console tests: apt-get install -y chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver is required: apt-get install -y chromium-driver").isExecutable();
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,1000", "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void setUp() {
        HubFixture.manual(legal);
        browser.get(url("/"));
        // a fresh tab state per test: no session of the previous test, Chinese by default
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); localStorage.clear();");
        browser.get(url("/"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldShowTheConsoleInChineseAndEveryPageToAnAdminWithItsActions() {
        login("admin");
        WebElement nav = browser.findElement(By.id("nav"));
        assertThat(nav.getText()).contains("概览", "路由", "纠纷", "隔离区", "期限", "告警", "指标");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        waitFor(By.cssSelector("#agency-links .agency-card[data-agency='police']"));
        // read in one script: the overview re-renders every 5 s, element references go stale
        assertThat((List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#agency-links .agency-card')].map(e => e.dataset.agency);"))
                .contains((Object[]) new String[] {"police", "legal-service", "court", "petition", "grid", "womens-federation", "trade-union"});
        shot("overview");

        open("routes");
        WebElement row = waitFor(By.cssSelector("#routes-table tr[data-route-id='police-handover-intake']"));
        assertThat(row.findElements(By.cssSelector("button.route-suspend"))).hasSize(1);
        shot("routes");

        for (String page : List.of("disputes", "quarantine", "deadlines", "alerts", "indicators")) {
            open(page);
            waitFor(By.cssSelector("#page[data-page='" + page + "'] h1"));
            shot(page);
        }

        browser.findElement(By.id("lang-switch")).click();
        assertThat(browser.findElement(By.id("nav")).getText()).contains("Overview", "Quarantine");
        shot("indicators-en");
    }

    @Test
    void shouldShowTheIndicatorsPerRegionWithTheirFormulasChartsAndCsvExport() {
        login("monitor");
        open("indicators");
        waitFor(By.cssSelector("#indicators-table tr[data-region='150502']"));
        // 开发区 is its own row, shown as part of 科尔沁区; the city total is a row too
        assertThat(browser.findElement(By.cssSelector("#indicators-table tr[data-region='150571']")).getText())
                .contains("科尔沁区");
        assertThat(browser.findElements(By.cssSelector("#indicators-table tr[data-region='150500']"))).hasSize(1);
        assertThat(browser.findElement(By.id("indicators-formulas")).getText())
                .contains("万人成讼率", "诉前调解成功率", "接收委派调解率", "司法确认率", "自动履行率", "平均化解时长");
        assertThat(browser.findElements(By.cssSelector(".indicator-charts svg[data-indicator]"))).hasSize(6);
        shot("indicators-table");
        // the export the button downloads, with the monitor's credentials
        Object csv = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/api/admin/indicators?format=csv', {headers: {'Authorization': 'Basic '
                  + sessionStorage.getItem('tj.auth'), 'X-Requested-With': 'XMLHttpRequest'}})
                  .then(r => r.text()).then(done, e => done('ERROR ' + e));""");
        assertThat((String) csv).contains("150571", "万人成讼率");
    }

    @Test
    void shouldShowAnEarlyWarningClusterWithItsEvidenceOnTheAlertsPage() {
        // eight disputes in one township within a week, none before: the township-surge rule's minimum
        List<org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            records.add(Handovers.record(Handovers.value(Handovers.jjdbh(7600 + i), "2026112809" + (10 + i) + "00")));
        }
        hub.produce(records);
        await().atMost(WAIT).until(() -> hub.count("select count(*) from ew_alert where rule = 'TOWNSHIP_SURGE'") == 1);

        login("monitor");
        open("alerts");
        WebElement card = waitFor(By.cssSelector("#early-warnings .ew-card[data-rule='TOWNSHIP_SURGE']"));
        assertThat(card.getText()).contains("乡镇街道纠纷激增", "公安110");
        assertThat(card.findElements(By.cssSelector(".ew-evidence tbody tr"))).hasSize(8);
        shot("alerts-early-warning");
    }

    @Test
    void shouldLetAnAdminSuspendAndResumeARouteAndAuditBoth() {
        login("admin");
        open("routes");
        waitFor(By.cssSelector("#routes-table tr[data-route-id='police-lag-watch'] button.route-suspend")).click();
        browser.switchTo().alert().accept();
        waitFor(By.cssSelector("#routes-table tr[data-route-id='police-lag-watch'] button.route-resume"));
        assertThat(hub.count("select count(*) from audit_log where action = 'ROUTE_SUSPEND' and actor = 'admin'"))
                .isEqualTo(1);
        browser.findElement(By.cssSelector("#routes-table tr[data-route-id='police-lag-watch'] button.route-resume"))
                .click();
        waitFor(By.cssSelector("#routes-table tr[data-route-id='police-lag-watch'][data-status='Started']"));
        assertThat(hub.count("select count(*) from audit_log where action = 'ROUTE_RESUME' and actor = 'admin'"))
                .isEqualTo(1);
    }

    @Test
    void shouldShowMonitorNoReplayOrSuspendButtonsAndRefuseThemWhenForced() {
        long entry = quarantineBadIdNumber(901);
        login("monitor");
        assertThat(browser.findElement(By.id("whoami")).getAttribute("data-roles")).isEqualTo("MONITOR");

        open("routes");
        waitFor(By.cssSelector("#routes-table tr[data-route-id='police-handover-intake']"));
        assertThat(browser.findElements(By.cssSelector("button.route-suspend, button.route-resume"))).isEmpty();

        browser.get(url("/console/index.html#/quarantine/" + entry));
        WebElement payload = waitFor(By.id("quarantine-payload"));
        assertThat(browser.findElements(By.cssSelector("#quarantine-replay, #quarantine-discard"))).isEmpty();
        // personal data masked for the monitor: the party's ID number is not shown in full
        assertThat(payload.getAttribute("value")).doesNotContain("152301197211200513").contains("1523");
        shot("quarantine-detail-monitor");

        // the buttons are hidden, and the API refuses the actions even when called directly with the monitor's login
        assertThat(forcedPost("/api/admin/routes/police-lag-watch/suspend")).isEqualTo(403);
        assertThat(forcedPost("/api/admin/quarantine/" + entry + "/replay")).isEqualTo(403);
        assertThat(hub.count("select count(*) from quarantine where id = ? and status = 'OPEN'", entry)).isEqualTo(1);
    }

    @Test
    void shouldFindAFlowingDisputeByThePoliceNumberAndOpenItsTimelineAcrossAgencies() {
        String jjdbh = Handovers.jjdbh(902);
        hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128093000"))));
        // flowing: received from the police and delivered to the justice bureau's system
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count("""
                select count(*) from timeline_event t join dispute_xref x on x.dispute_id = t.dispute_id
                where x.ref = ? and t.event_type = 'LEGAL_CASE_CREATED'""", jjdbh)).isEqualTo(1));

        login("monitor");
        open("disputes");
        waitFor(By.id("dispute-search-ref")).sendKeys(jjdbh);
        browser.findElement(By.id("dispute-search-submit")).click();
        waitFor(By.cssSelector("#disputes-table a.dispute-link")).click();

        waitFor(By.cssSelector("#dispute-timeline li.timeline-entry"));
        assertThat(browser.findElements(By.cssSelector("#dispute-timeline li.timeline-entry")))
                .extracting(e -> e.getAttribute("data-agency") + "/" + e.getAttribute("data-direction"))
                .contains("police/IN", "legal-service/OUT");
        assertThat(browser.findElement(By.id("dispute-refs")).getText()).contains(jjdbh);
        shot("dispute-timeline");
    }

    @Test
    void shouldRepairAndReplayAQuarantinedPoliceRecordThatThenFlowsAsADispute() {
        long entry = quarantineBadIdNumber(903);
        String jjdbh = Handovers.jjdbh(903);
        login("admin");
        open("quarantine");
        waitFor(By.cssSelector("#quarantine-table tr[data-quarantine-id='" + entry + "'] a.quarantine-link")).click();
        WebElement payload = waitFor(By.id("quarantine-payload"));
        assertThat(browser.findElement(By.id("quarantine-reasons")).getText()).contains("CHECK_DIGIT", "/dsr/1/sfzh");

        // first replay unchanged: refused with the same reason, the entry stays open
        browser.findElement(By.id("quarantine-replay")).click();
        assertThat(waitFor(By.cssSelector("#quarantine-result .result-bad")).getText()).contains("CHECK_DIGIT");

        // the operator corrects the ID number (agreed with the 110 centre by phone) and replays
        String fixed = payload.getAttribute("value").replace("152301197211200513", "152301197211200512");
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", payload, fixed);
        shot("quarantine-repair");
        browser.findElement(By.id("quarantine-replay")).click();
        waitFor(By.cssSelector("#quarantine-result .result-ok"));
        shot("quarantine-replayed");

        assertThat(hub.count("select count(*) from quarantine where id = ? and status = 'REPLAYED'", entry)).isEqualTo(1);
        assertThat(hub.count("select count(*) from audit_log where action = 'QUARANTINE_REPLAY' and actor = 'admin'"))
                .isEqualTo(1);
        assertThat(hub.count("select count(*) from audit_log where action = 'QUARANTINE_REPLAY_REFUSED'"))
                .isEqualTo(1);
        // it flows like any received handover: registered, triaged and delivered to the mediation body's system
        await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count("""
                select count(*) from timeline_event t join dispute_xref x on x.dispute_id = t.dispute_id
                where x.ref = ? and t.event_type = 'LEGAL_CASE_CREATED'""", jjdbh)).isEqualTo(1));

        waitFor(By.id("quarantine-dispute-link")).click();
        waitFor(By.cssSelector("#dispute-timeline li.timeline-entry[data-agency='police'][data-direction='IN']"));
        shot("quarantine-replayed-dispute");
    }

    @Test
    void shouldRefuseABadRoutingRuleInTheConsoleWhileTrafficContinuesThenApplyAndRestoreAndAuditIt() throws Exception {
        Path rulesFile = Path.of(rulesLocation.substring("file:".length()));
        String original = Files.readString(rulesFile);
        try {
            login("admin");
            assertThat(browser.findElement(By.id("nav-audit")).isDisplayed()).as("audit is AUDITOR's page").isFalse();
            open("config");
            waitFor(By.cssSelector("#config-docs tr[data-doc='routing-rules'] a.config-link")).click();
            WebElement editor = waitFor(By.id("config-editor"));
            assertThat(waitFor(By.id("config-active")).getAttribute("data-version")).isEqualTo("1");

            // a rule sending medical disputes to the property committee, which accepts only its own category
            String bad = editor.getAttribute("value").replaceFirst("(?m)^rules:\\n", "rules:\n"
                    + "  - {id: medical-to-property, when: {categories: [MEDICAL]}, target: HY15050202}\n");
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", editor, bad);
            browser.findElement(By.id("config-comment")).sendKeys("医疗纠纷改派物业调委会");
            browser.findElement(By.id("config-save")).click();
            WebElement refused = waitFor(By.cssSelector("#config-result .result-bad"));
            assertThat(refused.getText()).contains("版本 1", "medical-to-property", "does not accept");
            shot("config-refused");
            assertThat(browser.findElement(By.id("config-active")).getAttribute("data-version")).isEqualTo("1");
            assertThat(routing.rules().rules()).noneMatch(r -> r.id().equals("medical-to-property"));
            assertThat(Files.readString(rulesFile)).isEqualTo(original);

            // traffic continues: a police handover received now is triaged and delivered to a mediation body
            String jjdbh = Handovers.jjdbh(904);
            hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128093000"))));
            await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count("""
                    select count(*) from timeline_event t join dispute_xref x on x.dispute_id = t.dispute_id
                    where x.ref = ? and t.event_type = 'LEGAL_CASE_CREATED'""", jjdbh)).isEqualTo(1));

            // a good edit becomes version 2 and is in force at once
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
                    browser.findElement(By.id("config-editor")), original.replaceFirst("(?m)^version: 1", "version: 2"));
            browser.findElement(By.id("config-validate")).click();
            waitFor(By.cssSelector("#config-result .result-ok"));
            browser.findElement(By.id("config-comment")).clear(); // still holds the refused edit's comment
            browser.findElement(By.id("config-comment")).sendKeys("规则文件版本号改为 2");
            browser.findElement(By.id("config-save")).click();
            waitFor(By.cssSelector("#config-active[data-version='2']"));
            assertThat(browser.findElement(By.id("config-result")).getText()).contains("版本 2");
            assertThat(routing.rules().version()).isEqualTo(2);
            shot("config-saved");

            // and the previous version is restored from the history
            waitFor(By.cssSelector("#config-versions tr[data-version='1'] button.config-restore")).click();
            browser.switchTo().alert().accept();
            waitFor(By.cssSelector("#config-active[data-version='1']"));
            assertThat(routing.rules().version()).isEqualTo(1);
            assertThat(Files.readString(rulesFile)).isEqualTo(original);
            shot("config-restored");

            // the auditor sees the refused and the accepted edits (and the restore) with who and the outcome
            browser.findElement(By.id("logout")).click();
            waitFor(By.id("login-user")).clear(); // the form keeps the previous user name
            login("auditor");
            assertThat(browser.findElement(By.id("nav-config")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("nav-overview")).isDisplayed()).as("auditor sees only its page").isFalse();
            open("audit");
            waitFor(By.cssSelector("#audit-table tr[data-action='CONFIG_UPDATE'][data-outcome='REFUSED'][data-actor='admin']"));
            assertThat(browser.findElements(By.cssSelector("#audit-table tr[data-action='CONFIG_UPDATE'][data-outcome='OK']")))
                    .hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#audit-table tr[data-action='CONFIG_RESTORE'][data-outcome='OK']")))
                    .hasSize(1);
            assertThat(browser.findElement(By.id("audit-table")).getText()).contains("已拒绝", "routing-rules");
            shot("audit");
            new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("audit-outcome"))).selectByValue("REFUSED");
            browser.findElement(By.id("audit-search")).click();
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    browser.findElements(By.cssSelector("#audit-table tbody tr"))).hasSize(1));
            shot("audit-refused");
        } finally {
            // the rules file is this JVM's copy, shared by every IT: leave it as found whatever happened
            Files.writeString(rulesFile, original);
            Files.setLastModifiedTime(rulesFile,
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
            routing.reloadIfChanged();
        }
    }

    @Test
    void shouldRefuseABadMappingEditWhileTrafficContinuesThenApplyAGoodOneAndShowAStaleSave() throws Exception {
        Path mappingFile = Path.of(mappingsLocation.substring("file:".length()), "police", "handover-to-dispute.jslt");
        String original = Files.readString(mappingFile);
        try {
            login("admin");
            open("config");
            waitFor(By.cssSelector("#config-docs tr[data-doc='mapping.police.handover-to-dispute'] a.config-link"))
                    .click();
            WebElement editor = waitFor(By.id("config-editor"));
            assertThat(waitFor(By.id("config-active")).getAttribute("data-version")).isEqualTo("1");

            // an expression that does not compile: refused with the parser's reason, version 1 keeps running
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", editor,
                    "let broken = \n" + original);
            browser.findElement(By.id("config-save")).click();
            WebElement refused = waitFor(By.cssSelector("#config-result .result-bad"));
            assertThat(refused.getText()).contains("版本 1", "does not compile");
            shot("config-mapping-refused");
            assertThat(Files.readString(mappingFile)).isEqualTo(original);

            // traffic continues through the running mapping: a handover received now reaches the mediation body
            String jjdbh = Handovers.jjdbh(905);
            hub.produce(List.of(Handovers.record(Handovers.value(jjdbh, "20261128093000"))));
            await().atMost(WAIT).untilAsserted(() -> assertThat(hub.count("""
                    select count(*) from timeline_event t join dispute_xref x on x.dispute_id = t.dispute_id
                    where x.ref = ? and t.event_type = 'LEGAL_CASE_CREATED'""", jjdbh)).isEqualTo(1));

            // a good edit (every fixture still gives its expected output) is version 2 at once, no restart
            String good = "// 运维说明：仅补充注释，输出不变\n" + original;
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
                    browser.findElement(By.id("config-editor")), good);
            browser.findElement(By.id("config-save")).click();
            waitFor(By.cssSelector("#config-active[data-version='2']"));
            assertThat(browser.findElement(By.id("config-result")).getText()).contains("版本 2");
            assertThat(Files.readString(mappingFile)).isEqualTo(good);
            shot("config-mapping-saved");

            // another administrator saves version 3 meanwhile; this page still shows version 2
            java.net.http.HttpResponse<String> other = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            url("/api/admin/config/mapping.police.handover-to-dispute?baseVersion=2")))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                    ("admin:" + PASSWORD)
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                            .header("Content-Type", "text/plain; charset=utf-8")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("// 另一位管理员\n" + original,
                                    java.nio.charset.StandardCharsets.UTF_8)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);
            ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];",
                    browser.findElement(By.id("config-editor")), "// 我的修改\n" + original);
            browser.findElement(By.id("config-save")).click();
            WebElement conflict = waitFor(By.id("config-conflict"));
            assertThat(conflict.getAttribute("data-active")).isEqualTo("3");
            assertThat(conflict.getText()).contains("版本 2", "admin", "版本 3");
            shot("config-mapping-conflict");
            assertThat(Files.readString(mappingFile)).as("the other administrator's save stays")
                    .startsWith("// 另一位管理员");
            browser.findElement(By.id("config-reload")).click();
            waitFor(By.cssSelector("#config-active[data-version='3']"));
        } finally {
            // the mappings folder is this JVM's copy, shared by every IT: leave it as found whatever happened
            Files.writeString(mappingFile, original);
            mappings.reload();
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A handover whose second party's ID number has a wrong check character (police §5.4 CHECK_DIGIT). */
    private long quarantineBadIdNumber(int seq) {
        ObjectNode value = Handovers.value(Handovers.jjdbh(seq), "20261128093000");
        ((ObjectNode) value.get("dsr").get(1)).put("sfzh", "152301197211200513");
        hub.produce(List.of(Handovers.record(value)));
        await().atMost(WAIT).until(() -> hub.count(
                "select count(*) from quarantine where primary_reason = 'CHECK_DIGIT' and key_bytes is not null") == 1);
        return hub.count("select max(id) from quarantine where primary_reason = 'CHECK_DIGIT'");
    }

    private void login(String user) {
        waitFor(By.id("login-user")).sendKeys(user);
        browser.findElement(By.id("login-pass")).sendKeys(PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        waitFor(By.cssSelector("#whoami:not([hidden])"));
    }

    private void open(String page) {
        browser.findElement(By.id("nav-" + page)).click();
        waitFor(By.cssSelector("#page[data-page='" + page + "']"));
    }

    /** What the API answers when the page's JavaScript calls an action directly with the logged-in user's credentials. */
    private long forcedPost(String path) {
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', headers: {'Authorization': 'Basic ' + sessionStorage.getItem('tj.auth'),
                  'X-Requested-With': 'XMLHttpRequest', 'Content-Type': 'application/json'}, body: '{}'})
                  .then(r => done(r.status), e => done(-1));""", path);
        return ((Number) status).longValue();
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private void shot(String name) {
        try {
            Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(file, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new AssertionError("screenshot " + name, e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
