package cn.tongjie.hub.simulator.court;

import jakarta.jws.WebService;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.apache.cxf.transport.http.AbstractHTTPDestination;
import tongliao.court.docking.v1.AcknowledgeDelegationType;
import tongliao.court.docking.v1.ApplyJudicialConfirmationType;
import tongliao.court.docking.v1.ReceiptType;
import tongliao.court.docking.v1.ReportMediationResultType;
import tongliao.court.docking.v1.TransferForFilingType;
import tongliao.court.intake.v1.wsdl.CourtIntakePortType;

/** One simulated court's CourtIntake endpoint ({courtBase}/intake); the court's platform logic is in CourtSimulator. */
@WebService(endpointInterface = "tongliao.court.intake.v1.wsdl.CourtIntakePortType", serviceName = "CourtIntake",
        portName = "CourtIntakePort", targetNamespace = "urn:tongliao:court:intake:v1:wsdl")
class SimulatedCourtIntake implements CourtIntakePortType {

    /** Request attribute the gate filter logs as the answer. */
    static final String ANSWER = "tongjie.sim.court.answer";

    private final String courtCode;
    private final CourtSimulator simulator;

    SimulatedCourtIntake(String courtCode, CourtSimulator simulator) {
        this.courtCode = courtCode;
        this.simulator = simulator;
    }

    @Override
    public ReceiptType applyJudicialConfirmation(ApplyJudicialConfirmationType parameters) {
        return answer(parameters);
    }

    @Override
    public ReceiptType acknowledgeDelegation(AcknowledgeDelegationType parameters) {
        return answer(parameters);
    }

    @Override
    public ReceiptType reportMediationResult(ReportMediationResultType parameters) {
        return answer(parameters);
    }

    @Override
    public ReceiptType transferForFiling(TransferForFilingType parameters) {
        return answer(parameters);
    }

    private ReceiptType answer(Object request) {
        try {
            ReceiptType r = simulator.receive(courtCode, request);
            note("RECEIPT:" + r.getStatus().value() + (r.getReasonCode() == null ? "" : ":" + r.getReasonCode()));
            return r;
        } catch (SimFaults.CodedFault f) {
            note("FAULT:" + f.courtFaultCode());
            throw f;
        }
    }

    static void note(String answer) {
        Message m = PhaseInterceptorChain.getCurrentMessage();
        Object req = m == null ? null : m.get(AbstractHTTPDestination.HTTP_REQUEST);
        if (req instanceof HttpServletRequest http) {
            http.setAttribute(ANSWER, answer);
        }
    }
}
