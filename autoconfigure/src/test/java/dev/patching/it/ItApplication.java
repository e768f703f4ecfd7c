package dev.patching.it;

import org.springframework.boot.SpringBootConfiguration;

/** The configuration that {@code @SpringBootTest} and slices in this package find. */
@SpringBootConfiguration
public class ItApplication {

}
