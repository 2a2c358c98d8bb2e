package cn.tongjie.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class TongjieApplication {
    public static void main(String[] args) {
        SpringApplication.run(TongjieApplication.class, args);
    }
}
