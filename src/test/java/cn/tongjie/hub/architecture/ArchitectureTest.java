package cn.tongjie.hub.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import cn.tongjie.hub.common.HubException;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.Set;

/**
 * Structural rules of the hub's main code. Connectors (police, legal-service, court) and the simulators of those agency
 * systems stay independent of each other; the core (registry, canonical, common, mapping) knows no agency; errors are
 * raised as {@link HubException} with an error code; output goes through logging, not the standard streams.
 */
@AnalyzeClasses(packages = "cn.tongjie.hub", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String POLICE = "cn.tongjie.hub.police..";
    private static final String LEGAL = "cn.tongjie.hub.legal..";
    private static final String SIMULATOR = "cn.tongjie.hub.simulator..";
    private static final String SIMULATOR_POLICE = "cn.tongjie.hub.simulator.police..";
    private static final String SIMULATOR_LEGAL = "cn.tongjie.hub.simulator.legal..";
    private static final String COURT = "cn.tongjie.hub.court..";
    private static final String SIMULATOR_COURT = "cn.tongjie.hub.simulator.court..";
    private static final String GRID = "cn.tongjie.hub.grid..";
    private static final String SIMULATOR_GRID = "cn.tongjie.hub.simulator.grid..";
    private static final String TRADE_UNION = "cn.tongjie.hub.tradeunion..";
    private static final String SIMULATOR_TRADE_UNION = "cn.tongjie.hub.simulator.tradeunion..";
    private static final String WOMENS_FEDERATION = "cn.tongjie.hub.womensfederation..";
    private static final String SIMULATOR_WOMENS_FEDERATION = "cn.tongjie.hub.simulator.womensfederation..";
    private static final String PETITION = "cn.tongjie.hub.petition..";
    private static final String SIMULATOR_PETITION = "cn.tongjie.hub.simulator.petition..";
    private static final String[] CONNECTORS = {POLICE, LEGAL, COURT, GRID, TRADE_UNION, WOMENS_FEDERATION, PETITION};
    private static final String[] SIMULATORS = {SIMULATOR_POLICE, SIMULATOR_LEGAL, SIMULATOR_COURT, SIMULATOR_GRID,
            SIMULATOR_TRADE_UNION, SIMULATOR_WOMENS_FEDERATION, SIMULATOR_PETITION};
    private static final String[] AGENCY_PACKAGES = {POLICE, LEGAL, COURT, GRID, TRADE_UNION, WOMENS_FEDERATION,
            PETITION, SIMULATOR};
    private static final String[] CORE_PACKAGES = {"cn.tongjie.hub.registry..", "cn.tongjie.hub.canonical..",
            "cn.tongjie.hub.common..", "cn.tongjie.hub.mapping.."};

    /** Generic exceptions main code must not create: errors go through HubException and an ErrorCode. */
    private static final Set<String> GENERIC_EXCEPTIONS = Set.of(RuntimeException.class.getName(),
            IllegalStateException.class.getName(), IllegalArgumentException.class.getName());

    // ------------------------------------------------------------------ agency connectors are independent

    @ArchTest
    static final ArchRule policeConnectorIsIndependent = connectorIndependent(POLICE);

    @ArchTest
    static final ArchRule legalConnectorIsIndependent = connectorIndependent(LEGAL);

    @ArchTest
    static final ArchRule courtConnectorIsIndependent = connectorIndependent(COURT);

    @ArchTest
    static final ArchRule gridConnectorIsIndependent = connectorIndependent(GRID);

    @ArchTest
    static final ArchRule tradeUnionConnectorIsIndependent = connectorIndependent(TRADE_UNION);

    @ArchTest
    static final ArchRule womensFederationConnectorIsIndependent = connectorIndependent(WOMENS_FEDERATION);

    @ArchTest
    static final ArchRule petitionConnectorIsIndependent = connectorIndependent(PETITION);

    @ArchTest
    static final ArchRule policeSimulatorIsIndependent = simulatorIndependent(SIMULATOR_POLICE);

    @ArchTest
    static final ArchRule legalSimulatorIsIndependent = simulatorIndependent(SIMULATOR_LEGAL);

    @ArchTest
    static final ArchRule courtSimulatorIsIndependent = simulatorIndependent(SIMULATOR_COURT);

    @ArchTest
    static final ArchRule gridSimulatorIsIndependent = simulatorIndependent(SIMULATOR_GRID);

    @ArchTest
    static final ArchRule tradeUnionSimulatorIsIndependent = simulatorIndependent(SIMULATOR_TRADE_UNION);

    @ArchTest
    static final ArchRule womensFederationSimulatorIsIndependent = simulatorIndependent(SIMULATOR_WOMENS_FEDERATION);

    @ArchTest
    static final ArchRule petitionSimulatorIsIndependent = simulatorIndependent(SIMULATOR_PETITION);

    private static ArchRule connectorIndependent(String connector) {
        return noClasses().that().resideInAPackage(connector)
                .should().dependOnClassesThat().resideInAnyPackage(Arrays.stream(CONNECTORS)
                        .filter(c -> !c.equals(connector)).toArray(String[]::new))
                .because("each agency connector talks to the others only through the canonical stream and the "
                        + "registry");
    }

    private static ArchRule simulatorIndependent(String simulator) {
        return noClasses().that().resideInAPackage(simulator)
                .should().dependOnClassesThat().resideInAnyPackage(Arrays.stream(SIMULATORS)
                        .filter(c -> !c.equals(simulator)).toArray(String[]::new))
                .because("the simulated agency systems are as independent as the real ones");
    }

    @ArchTest
    static final ArchRule connectorsDoNotDependOnSimulators = noClasses()
            .that().resideInAnyPackage(CONNECTORS)
            .should().dependOnClassesThat().resideInAPackage(SIMULATOR)
            .because("the hub must work unchanged against the real agency systems, which the simulators only imitate");

    @ArchTest
    static final ArchRule simulatorsDoNotDependOnConnectors = noClasses()
            .that().resideInAPackage(SIMULATOR)
            .should().dependOnClassesThat().resideInAnyPackage(CONNECTORS)
            .because("a simulator implements the agency's contract, not the hub's view of it; sharing the hub's "
                    + "connector classes would hide contract mismatches");

    // ------------------------------------------------------------------ correlation serves every channel alike

    @ArchTest
    static final ArchRule correlationDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.correlation..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("every intake registers its reports through the one correlation service, which knows no agency");

    // ------------------------------------------------------------------ the core knows no agency

    @ArchTest
    static final ArchRule exchangeLogDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.exchangelog..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("the exchange log records every agency's messages alike; connectors call it, never the reverse");

    @ArchTest
    static final ArchRule exchangeLogVerifierNeedsOnlyTheJdk = noClasses()
            .that().haveFullyQualifiedName("cn.tongjie.hub.exchangelog.ChainVerifier")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", "cn.tongjie.hub.exchangelog")
            .because("its source ships in every export bundle and must run offline with a bare JDK");

    @ArchTest
    static final ArchRule coreDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAnyPackage(CORE_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("registry, canonical model, common code and the mapping engine serve every agency alike");

    @ArchTest
    static final ArchRule indicatorsDoNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.indicators..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("the indicators are counted from the hub's own records (store), the same way for every agency");

    // ------------------------------------------------------------------ the console reads, it knows no agency class

    @ArchTest
    static final ArchRule consoleDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.admin.console..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("the console sees every agency through the registry, the store and Camel; a connector's repair "
                    + "path plugs in through registry.QuarantineReplayer");

    // ------------------------------------------------------------------ configuration management edits shared files

    @ArchTest
    static final ArchRule configManagementDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.admin.config..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("it manages the hub-wide documents (routing, sharing, early warning) through their own "
                    + "components' validation and reload, never an agency's classes");

    // ------------------------------------------------------------------ sharing policies serve every agency alike

    @ArchTest
    static final ArchRule sharingIsAgencyNeutral = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.sharing..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("the one enforcement point of the sharing policies knows recipients by name only, no connector");
    // ------------------------------------------------------------------ early warning sees every channel alike

    @ArchTest
    static final ArchRule earlyWarningDoesNotDependOnAgencyPackages = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.warning..")
            .should().dependOnClassesThat().resideInAnyPackage(AGENCY_PACKAGES)
            .because("early warning counts disputes from the canonical stream and the registry, whichever agency "
                    + "reported them; an agency's own format must never leak into the rules");

    @ArchTest
    static final ArchRule committeeSimulatorDoesNotShareTheHubsWarningClasses = noClasses()
            .that().resideInAPackage("cn.tongjie.hub.simulator.committee..")
            .should().dependOnClassesThat().resideInAPackage("cn.tongjie.hub.warning..")
            .because("the simulated committee reads the webhook's JSON as a real receiver would");

    // ------------------------------------------------------------------ errors carry an ErrorCode

    @ArchTest
    static final ArchRule noGenericExceptionsAreCreated = noClasses()
            .should().callConstructorWhere(genericExceptionCreatedOutsideHubException())
            .because("errors go through cn.tongjie.hub.common.HubException with a cn.tongjie.hub.common.ErrorCode, "
                    + "so operators can search logs and alerts by code");

    // ------------------------------------------------------------------ no standard streams

    @ArchTest
    static final ArchRule noStandardStreams = noClasses()
            .that().doNotHaveFullyQualifiedName("cn.tongjie.hub.infra.EmbeddedKafkaBroker")
            .and().doNotHaveFullyQualifiedName("cn.tongjie.hub.exchangelog.ChainVerifier")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("the hub logs through SLF4J (levels, MDC, no personal data on the console); only the embedded "
                    + "broker hands System.out to Kafka's storage formatter, and the exchange log's offline verifier (a "
                    + "stand-alone command-line program shipped as source in export bundles) prints its report");

    /**
     * A constructor call that creates RuntimeException, IllegalStateException or IllegalArgumentException; HubException's
     * own {@code super(...)} call to RuntimeException is the one legitimate use.
     */
    private static DescribedPredicate<JavaConstructorCall> genericExceptionCreatedOutsideHubException() {
        return DescribedPredicate.describe("target is RuntimeException, IllegalStateException or IllegalArgumentException",
                (JavaConstructorCall call) -> GENERIC_EXCEPTIONS.contains(call.getTargetOwner().getName())
                        && !isHubExceptionSuperCall(call));
    }

    private static boolean isHubExceptionSuperCall(JavaCall<?> call) {
        return call.getOriginOwner().getName().equals(HubException.class.getName())
                && call.getOrigin().isConstructor()
                && call.getTargetOwner().getName().equals(RuntimeException.class.getName());
    }
}
