package cn.tongjie.hub.police;

/** Record headers of the police contract §3. */
final class PoliceHeaders {
    static final String MSG_ID = "police-msg-id";
    static final String SENT_AT = "police-sent-at";
    static final String HUB_MSG_ID = "hub-msg-id";
    static final String HUB_SENT_AT = "hub-sent-at";

    private PoliceHeaders() {
    }
}
