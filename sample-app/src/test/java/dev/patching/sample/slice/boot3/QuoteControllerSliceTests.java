package dev.patching.sample.slice.boot3;

import dev.patching.sample.QuoteController;
import dev.patching.sample.QuoteService;
import dev.patching.sample.slice.QuoteControllerSliceContract;
import org.junit.jupiter.api.Order;

import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;

/** Spring Boot 3.5: {@code @WebMvcTest} from spring-boot-test-autoconfigure. */
@Order(9)
@WebMvcTest(QuoteController.class)
@Import(QuoteService.class)
class QuoteControllerSliceTests extends QuoteControllerSliceContract {

}
