package dev.patching.sample;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.ResourceAccessException;

/**
 * {@code GET /quote/{symbol}}: our price, from the partner's.
 */
@RestController
public class QuoteController {

	private final QuoteService quotes;

	public QuoteController(QuoteService quotes) {
		this.quotes = quotes;
	}

	@GetMapping("/quote/{symbol}")
	public Quote quote(@PathVariable String symbol) {
		return this.quotes.quote(symbol);
	}

	/**
	 * The partner could not be reached: 502, with the I/O error's own message as the
	 * detail.
	 */
	@ExceptionHandler(ResourceAccessException.class)
	public ProblemDetail partnerUnreachable(ResourceAccessException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
				NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
		problem.setTitle("Partner API unreachable");
		problem.setProperty("cause", NestedExceptionUtils.getMostSpecificCause(ex).getClass().getName());
		return problem;
	}

}
