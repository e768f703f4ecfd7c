package dev.patching.sample.slice.boot4;

import dev.patching.sample.QuoteController;
import dev.patching.sample.QuoteService;
import dev.patching.sample.slice.QuoteControllerSliceContract;
import org.junit.jupiter.api.Order;

import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;

/** Spring Boot 4: {@code @WebMvcTest} from spring-boot-webmvc-test. */
@Order(9)
@WebMvcTest(QuoteController.class)
@Import(QuoteService.class)
class QuoteControllerSliceTests extends QuoteControllerSliceContract {

}
