package cn.tongjie.hub.common;

/** The hub's only exception type: every failure carries an {@link ErrorCode}. */
public class HubException extends RuntimeException {

    private final ErrorCode errorCode;

    public HubException(ErrorCode errorCode, String message) {
        super(errorCode.code() + " " + message);
        this.errorCode = errorCode;
    }

    public HubException(ErrorCode errorCode, String message, Throwable cause) {
        super(errorCode.code() + " " + message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }
}
