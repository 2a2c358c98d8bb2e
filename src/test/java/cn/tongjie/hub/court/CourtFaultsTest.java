package cn.tongjie.hub.court;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import cn.tongjie.hub.common.WsSecurityVerifier;
import org.apache.camel.CamelExecutionException;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.interceptor.Fault;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.w3c.dom.Element;

/** One rendering of every CourtDocking fault (contract §9.2), whatever raised it. */
class CourtFaultsTest {

    @Test
    void shouldRenderAnOperationFaultWithCodeFieldLanguageAndStatus() {
        SoapFault f = CourtFaults.toSoapFault(new CourtFaultException(CourtResultCode.INVALID_ID_NUMBER,
                "/DelegateMediation/parties/party[2]/idNumber", "居民身份证号码校验位错误"));
        assertThat(f.getFaultCode().getNamespaceURI()).isEqualTo("http://schemas.xmlsoap.org/soap/envelope/");
        assertThat(f.getFaultCode().getLocalPart()).isEqualTo("Client");
        assertThat(f.getMessage()).isEqualTo("居民身份证号码校验位错误");
        assertThat(f.getLang()).isEqualTo("zh-CN");
        assertThat(f.getStatusCode()).isEqualTo(500);
        Element courtFault = (Element) f.getDetail().getFirstChild();
        assertThat(courtFault.getNamespaceURI()).isEqualTo("urn:tongliao:court:docking:v1");
        assertThat(courtFault.getLocalName()).isEqualTo("CourtFault");
        assertThat(child(courtFault, "code")).isEqualTo("INVALID_ID_NUMBER");
        assertThat(child(courtFault, "message")).isEqualTo("居民身份证号码校验位错误");
        assertThat(child(courtFault, "field")).isEqualTo("/DelegateMediation/parties/party[2]/idNumber");
    }

    @Test
    void shouldLeaveOutFieldWhenThereIsNone() {
        SoapFault f = CourtFaults.toSoapFault(CourtFaults.fault(CourtResultCode.MUST_UNDERSTAND, null));
        assertThat(f.getFaultCode().getLocalPart()).isEqualTo("MustUnderstand");
        assertThat(((Element) f.getDetail().getFirstChild()).getElementsByTagNameNS("*", "field").getLength())
                .isZero();
    }

    @Test
    void shouldAnswerServiceUnavailableWith503ForATransientDatabaseFailureWrappedByCamelAndCxf() {
        Fault wrapped = new Fault(new CamelExecutionException("route failed", null,
                new CannotGetJdbcConnectionException("pool exhausted")));
        CourtFaultException c = CourtFaults.classify(wrapped);
        assertThat(c.code()).isEqualTo(CourtResultCode.SERVICE_UNAVAILABLE);
        SoapFault f = CourtFaults.toSoapFault(c);
        assertThat(f.getStatusCode()).isEqualTo(503);
        assertThat(f.getFaultCode().getLocalPart()).isEqualTo("Server");
        assertThat(CourtFaults.classify(new QueryTimeoutException("slow")).code())
                .isEqualTo(CourtResultCode.SERVICE_UNAVAILABLE);
    }

    @Test
    void shouldAnswerInternalErrorWithoutItsTextForAnyOtherFailure() {
        CourtFaultException c = CourtFaults.classify(new Fault(new HubException(ErrorCode.TJ_INTERNAL,
                "secret detail 110105199003071234")));
        assertThat(c.code()).isEqualTo(CourtResultCode.INTERNAL_ERROR);
        SoapFault f = CourtFaults.toSoapFault(c);
        assertThat(f.getStatusCode()).isEqualTo(500);
        assertThat(f.getMessage()).doesNotContain("110105199003071234");
        assertThat(f.getDetail().getTextContent()).doesNotContain("110105199003071234");
        assertThat(CourtFaults.classify(new DataIntegrityViolationException("constraint")).code())
                .isEqualTo(CourtResultCode.INTERNAL_ERROR);
    }

    @Test
    void shouldKeepTheCodeOfACourtFaultDeepInTheCauseChainAndOfASecurityFailure() {
        CourtFaultException original = new CourtFaultException(CourtResultCode.UNKNOWN_DELEGATION,
                "/ExtendDelegation/delegationId", "委派编号不存在");
        assertThat(CourtFaults.classify(new Fault(new CamelExecutionException("x", null, original))))
                .isSameAs(original);
        assertThat(CourtFaults.classify(new WsSecurityVerifier.WsSecurityException(
                WsSecurityVerifier.Failure.NONCE_REPLAYED, "again")).code()).isEqualTo(CourtResultCode.NONCE_REPLAYED);
    }

    @Test
    void shouldNeverSendAReceiptReasonAsAFault() {
        SoapFault f = CourtFaults.toSoapFault(new CourtFaultException(CourtResultCode.DELEGATION_CLOSED, null, "x"));
        assertThat(child((Element) f.getDetail().getFirstChild(), "code")).isEqualTo("INTERNAL_ERROR");
    }

    private static String child(Element parent, String local) {
        var list = parent.getElementsByTagNameNS("urn:tongliao:court:docking:v1", local);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }
}
