package cn.tongjie.hub.admin.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The hub's root opens the console (static files under /console/, served from the jar). */
@Controller
class ConsoleHome {

    @GetMapping({"/", "/console", "/console/"})
    String home() {
        return "redirect:/console/index.html";
    }
}
