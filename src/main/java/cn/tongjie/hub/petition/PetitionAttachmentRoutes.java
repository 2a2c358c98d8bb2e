package cn.tongjie.hub.petition;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** §5.5: attachments are fetched on their own timer, never inside the push's answer. */
@Component
class PetitionAttachmentRoutes extends RouteBuilder {

    private final PetitionAttachments attachments;
    private final PetitionProperties props;

    PetitionAttachmentRoutes(PetitionAttachments attachments, PetitionProperties props) {
        this.attachments = attachments;
        this.props = props;
    }

    @Override
    public void configure() {
        from("timer:petition-attachments?delay=3000&period=" + props.attachmentPoll().toMillis())
                .routeId("petition-attachments")
                .process(e -> attachments.round()).id("petition-fetch-attachments");
    }
}
