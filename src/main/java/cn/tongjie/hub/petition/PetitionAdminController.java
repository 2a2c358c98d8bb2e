package cn.tongjie.hub.petition;

import cn.tongjie.hub.common.ErrorCode;
import cn.tongjie.hub.common.HubException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's part of the petition connector (/api/admin/petition; GET needs MONITOR, POST OPERATOR — enforced by
 * SecurityConfig): an item's deadlines and feedback, and the §8 extension (+30 days, once) whose approval the operator
 * obtained. The extension is audited by PetitionFeedback. Only codes, dates and states are shown: no personal data.
 */
@RestController
@RequestMapping("/api/admin/petition")
class PetitionAdminController {

    private final PetitionFeedback feedback;
    private final JdbcClient jdbc;
    private final ObjectMapper mapper;

    PetitionAdminController(PetitionFeedback feedback, JdbcClient jdbc, ObjectMapper mapper) {
        this.feedback = feedback;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    /** {@code reason} becomes yqly (1–500 characters). */
    record ExtensionRequest(String reason) {
    }

    @GetMapping("/items/{xfjbh}")
    ResponseEntity<ObjectNode> item(@PathVariable String xfjbh) {
        return view(xfjbh).map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The operator records that the extension was approved; the hub sends the §6 request and moves bjqx on 200. */
    @PostMapping("/items/{xfjbh}/extension")
    ResponseEntity<ObjectNode> extend(@PathVariable String xfjbh, @RequestBody(required = false) ExtensionRequest req,
            Authentication auth) {
        if (view(xfjbh).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        PetitionFeedback.Extension e = feedback.requestExtension(xfjbh, req == null ? null : req.reason(),
                auth.getName());
        ObjectNode out = view(xfjbh).orElseThrow();
        out.putObject("queued").put("fkxh", e.fkxh()).put("blzt", e.blzt()).put("sqyq", "Y");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(out);
    }

    /** 400 for bad input, 409 for a state that does not allow it (concluded, already extended, bjqx passed). */
    @ExceptionHandler(HubException.class)
    ResponseEntity<ObjectNode> refused(HubException e) {
        int status = e.errorCode() == ErrorCode.TJ_INBOUND_INVALID ? 400 : 409;
        return ResponseEntity.status(status).body(mapper.createObjectNode().put("errorCode", e.errorCode().code())
                .put("message", e.getMessage()));
    }

    private Optional<ObjectNode> view(String xfjbh) {
        return jdbc.sql("""
                select tjgzh, slqx, bjqx, extension_fkxh, extended_bjqx from petition_item where xfjbh = ?""")
                .param(xfjbh)
                .query((rs, n) -> {
                    LocalDate extended = rs.getObject(5, LocalDate.class);
                    LocalDate bjqx = rs.getObject(3, LocalDate.class);
                    ObjectNode o = mapper.createObjectNode().put("xfjbh", xfjbh).put("tjgzh", rs.getString(1))
                            .put("slqx", String.valueOf(rs.getObject(2, LocalDate.class)))
                            .put("bjqx", String.valueOf(bjqx))
                            .put("conclusionDeadline", String.valueOf(extended == null ? bjqx : extended));
                    Integer fkxh = (Integer) rs.getObject(4);
                    o.put("extension", fkxh == null ? "NONE" : extended == null ? "REQUESTED" : "ACCEPTED");
                    if (fkxh != null) {
                        o.put("extensionFkxh", fkxh);
                    }
                    return o;
                })
                .optional()
                .map(o -> {
                    ArrayNode fb = o.putArray("feedback");
                    jdbc.sql("select fkxh, blzt, status from petition_feedback where xfjbh = ? order by fkxh")
                            .param(xfjbh).query((rs, n) -> fb.addObject().put("fkxh", rs.getInt(1))
                                    .put("blzt", rs.getString(2)).put("status", rs.getString(3)))
                            .list();
                    return o;
                });
    }
}
