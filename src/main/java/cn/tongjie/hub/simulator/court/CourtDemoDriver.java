package cn.tongjie.hub.simulator.court;

import cn.tongjie.hub.common.IdNumbers;
import cn.tongjie.hub.common.WsUsernameToken;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.datatype.DatatypeConstants;
import javax.xml.datatype.DatatypeFactory;
import javax.xml.datatype.XMLGregorianCalendar;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.binding.soap.interceptor.AbstractSoapInterceptor;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.ClientProxy;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.transport.http.HTTPConduit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import tongliao.court.docking.v1.CauseOfActionType;
import tongliao.court.docking.v1.ClaimsType;
import tongliao.court.docking.v1.CourtCodeType;
import tongliao.court.docking.v1.DelegateMediationType;
import tongliao.court.docking.v1.ExtendDelegationType;
import tongliao.court.docking.v1.IdTypeType;
import tongliao.court.docking.v1.JudgeType;
import tongliao.court.docking.v1.MediationOrgRefType;
import tongliao.court.docking.v1.PartiesType;
import tongliao.court.docking.v1.PartyRoleType;
import tongliao.court.docking.v1.PartyType;
import tongliao.court.docking.v1.PersonTypeType;
import tongliao.court.docking.v1.ProcedureType;
import tongliao.court.docking.v1.ReceiptStatusType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.RegimeType;
import tongliao.court.docking.v1.wsdl.CourtDockingPortType;
import tongliao.court.docking.v1.wsdl.CourtFaultMessage;

/**
 * Demo only: every interval a simulated basic court delegates a fictional POST_FILING dispute to the hub through the
 * hub's real CourtDocking endpoint, signed with that court's sample credentials at the hub's clock, and occasionally
 * extends an open delegation. LEGACY_PREFILING is never used: it needs delegatedAt before 2025.
 */
class CourtDemoDriver implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(CourtDemoDriver.class);
    /** Fictional people (names and birth/region parts of the ID; the check character is computed). */
    private static final List<String[]> PEOPLE = List.of(new String[] {"包金山", "15230119460412031"},
            new String[] {"巴特尔", "15230119721120051"}, new String[] {"额尔敦·巴雅尔", "15232119680315011"},
            new String[] {"其其格", "15232419750809020"}, new String[] {"王建国", "15050219800101123"},
            new String[] {"李秀英", "15052119850612084"}, new String[] {"张海龙", "15058119900305101"},
            new String[] {"乌兰托娅", "15052519920714062"});
    private static final List<String[]> CAUSES = List.of(new String[] {"0402", "追索劳动报酬纠纷"},
            new String[] {"0301", "民间借贷纠纷"}, new String[] {"0305", "物业服务合同纠纷"},
            new String[] {"0201", "相邻关系纠纷"}, new String[] {"0302", "买卖合同纠纷"});
    private static final List<String[]> ORGS = List.<String[]>of(new String[] {"0502", "TY0502-001", "西门街道人民调解委员会"});
    private static final List<String> BASIC = List.of("内0502", "内0521", "内0522", "内0523", "内0524", "内0525",
            "内0526", "内0581");

    private final CourtSimulator simulator;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "court-demo-driver");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger seq = new AtomicInteger();
    private volatile int hubPort;

    CourtDemoDriver(CourtSimulator simulator, Clock clock, Duration interval, List<String> courts) {
        this.simulator = simulator;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (hubPort == 0) {
            hubPort = event.getWebServer().getPort();
            // first delegation soon after start, so the demo shows court traffic within its first minute
            timer.scheduleWithFixedDelay(this::tick, Math.min(interval.toMillis(), 5_000), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    void stop() {
        timer.shutdownNow();
    }

    private void tick() {
        try {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String court = BASIC.get(r.nextInt(BASIC.size()));
            List<String> open = simulator.openDelegations(court);
            if (!open.isEmpty() && r.nextInt(6) == 0) {
                extend(court, open.get(r.nextInt(open.size())));
            } else {
                delegate(court);
            }
        } catch (CourtFaultMessage e) {
            log.warn("Hub answered the simulated court with fault {}", e.getFaultInfo() == null ? e.getMessage()
                    : e.getFaultInfo().getCode());
        } catch (RuntimeException e) {
            log.warn("Court demo driver round failed: {}", e.toString());
        }
    }

    private void delegate(String court) throws CourtFaultMessage {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String digits = court.substring(1);
        OffsetDateTime now = simulator.now();
        int n = seq.incrementAndGet();
        DelegateMediationType d = new DelegateMediationType();
        d.setMessageId("FY" + digits + "M" + now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + n);
        d.setSentAt(xml(now));
        d.setCourtCode(CourtCodeType.fromValue(court));
        String delegationId = "WT" + digits + "-" + now.getYear() + "-" + String.format("%06d", 500000 + n);
        d.setDelegationId(delegationId);
        d.setRegime(RegimeType.POST_FILING);
        boolean summary = r.nextBoolean();
        d.setCaseNo("（" + now.getYear() + "）" + court + "民初" + (3000 + n) + "号");
        d.setProcedure(summary ? ProcedureType.SUMMARY : ProcedureType.ORDINARY);
        String[] cause = CAUSES.get(r.nextInt(CAUSES.size()));
        CauseOfActionType c = new CauseOfActionType();
        c.setCode(cause[0]);
        c.setName(cause[1]);
        d.setCauseOfAction(c);
        ClaimsType claims = new ClaimsType();
        claims.getClaim().add("判令被告支付欠款" + (1000 + r.nextInt(50000)) + "元");
        claims.getClaim().add("本案诉讼费用由被告承担");
        d.setClaims(claims);
        PartiesType parties = new PartiesType();
        int a = r.nextInt(PEOPLE.size());
        int b = (a + 1 + r.nextInt(PEOPLE.size() - 1)) % PEOPLE.size();
        parties.getParty().add(party(1, PartyRoleType.原告, PEOPLE.get(a)));
        parties.getParty().add(party(2, PartyRoleType.被告, PEOPLE.get(b)));
        d.setParties(parties);
        if (r.nextInt(3) == 0) {
            String[] org = ORGS.stream().filter(o -> o[0].equals(digits)).findFirst().orElse(null);
            if (org != null) {
                MediationOrgRefType ref = new MediationOrgRefType();
                ref.setOrgCode(org[1]);
                ref.setOrgName(org[2]);
                d.setSuggestedMediationOrg(ref);
            }
        }
        d.setDelegatedAt(xml(now));
        OffsetDateTime dueAt = LocalDate.from(now).plusDays(summary ? 7 : 15).atTime(LocalTime.of(23, 59, 59))
                .atOffset(CourtSimulator.BEIJING);
        d.setDueAt(xml(dueAt));
        JudgeType judge = new JudgeType();
        judge.setName("审判员" + (char) ('甲' + r.nextInt(5)));
        d.setJudge(judge);
        ReceiptType receipt = client(digits).delegateMediation(d);
        if (receipt.getStatus() == ReceiptStatusType.ACCEPTED) {
            simulator.registerDelegation(court, delegationId, "POST_FILING", dueAt);
        }
        log.info("Simulated court {} delegated {}: {}", court, delegationId, receipt.getStatus());
    }

    private void extend(String court, String delegationId) throws CourtFaultMessage {
        String digits = court.substring(1);
        OffsetDateTime now = simulator.now();
        ExtendDelegationType e = new ExtendDelegationType();
        e.setMessageId("FY" + digits + "E" + now.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                + seq.incrementAndGet());
        e.setSentAt(xml(now));
        e.setCourtCode(CourtCodeType.fromValue(court));
        e.setDelegationId(delegationId);
        OffsetDateTime newDue = LocalDate.from(now).plusDays(20).atTime(LocalTime.of(23, 59, 59))
                .atOffset(CourtSimulator.BEIJING);
        e.setNewDueAt(xml(newDue));
        e.setConsentRecorded(true);
        e.setReason("双方当事人同意延长调解期限");
        e.setExtendedAt(xml(now));
        ReceiptType receipt = client(digits).extendDelegation(e);
        if (receipt.getStatus() == ReceiptStatusType.ACCEPTED) {
            simulator.extendDelegation(court, delegationId, newDue);
        }
        log.info("Simulated court {} extended {}: {} {}", court, delegationId, receipt.getStatus(),
                receipt.getReasonCode() == null ? "" : receipt.getReasonCode());
    }

    private static PartyType party(int seq, PartyRoleType role, String[] person) {
        PartyType p = new PartyType();
        p.setSeq(seq);
        p.setRole(role);
        p.setPersonType(PersonTypeType.NATURAL);
        p.setName(person[0]);
        p.setIdType(IdTypeType.ID_CARD);
        p.setIdNumber(person[1] + IdNumbers.residentIdCheckChar(person[1]));
        return p;
    }

    private CourtDockingPortType client(String digits) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(CourtDockingPortType.class);
        f.setAddress("http://127.0.0.1:" + hubPort + "/services/court/docking");
        String username = "court-" + digits;
        String password = "Fy" + digits + "!sample-pass";
        f.getOutInterceptors().add(new AbstractSoapInterceptor(Phase.PRE_PROTOCOL) {
            @Override
            public void handleMessage(SoapMessage message) {
                SoapHeader h = new SoapHeader(SimSecurityInterceptor.SECURITY,
                        WsUsernameToken.securityHeader(username, password, clock.instant()));
                h.setMustUnderstand(true);
                message.getHeaders().add(h);
            }
        });
        CourtDockingPortType port = f.create(CourtDockingPortType.class);
        Client c = ClientProxy.getClient(port);
        HTTPConduit conduit = (HTTPConduit) c.getConduit();
        conduit.getClient().setConnectionTimeout(10_000);
        conduit.getClient().setReceiveTimeout(30_000);
        return port;
    }

    private static XMLGregorianCalendar xml(OffsetDateTime t) {
        OffsetDateTime b = t.withOffsetSameInstant(CourtSimulator.BEIJING);
        try {
            return DatatypeFactory.newInstance().newXMLGregorianCalendar(b.getYear(), b.getMonthValue(),
                    b.getDayOfMonth(), b.getHour(), b.getMinute(), b.getSecond(), DatatypeConstants.FIELD_UNDEFINED,
                    8 * 60);
        } catch (javax.xml.datatype.DatatypeConfigurationException e) {
            throw new cn.tongjie.hub.common.HubException(cn.tongjie.hub.common.ErrorCode.TJ_INTERNAL, "datatypes", e);
        }
    }
}
