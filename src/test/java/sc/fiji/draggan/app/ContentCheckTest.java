package sc.fiji.draggan.app;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ContentCheckTest {

	/** The rule: the tracker reached the target and the content is more than max(3 px, half the start distance) from it. */
	@Test
	public void lagsWhenTheContentStaysBehindAConvergedTracker() {
		assertEquals(3, ContentCheck.allowedLag(6), 0);
		assertEquals(3, ContentCheck.allowedLag(2), 0);
		assertEquals(10, ContentCheck.allowedLag(20), 0);
		assertTrue(ContentCheck.lags(true, 6, 5.4));
		assertFalse(ContentCheck.lags(true, 6, 3.0));
		assertTrue(ContentCheck.lags(true, 6, 3.01));
		assertFalse(ContentCheck.lags(true, 20, 9.9));
		assertTrue(ContentCheck.lags(true, 20, 10.1));
		// the tracker did not reach the target: the drag already says so (step limit), no lag warning
		assertFalse(ContentCheck.lags(false, 6, 6));
	}

	@Test
	public void saysItPlainly() {
		final ContentCheck c = new ContentCheck(true, 6, 1.2, 5.4, 0.6);
		assertEquals("the tracker reached the target, but the content moved 0.6 of 6.0 px (5.4 px from the target)", c.warning());
		assertEquals("tracked 1.20 px, content 5.40 px", c.distances());
		assertNull(new ContentCheck(true, 6, 1.2, 1.5, 4.6).warning());
		assertNull(new ContentCheck(false, 6, 4, 5.9, 0.1).warning());
	}

	/** With several pairs the one reported is a lagging one, then the worst. */
	@Test
	public void reportsTheWorstPair() {
		final ContentCheck fine = new ContentCheck(true, 6, 1, 2.5, 4), lagging = new ContentCheck(true, 20, 1, 12, 8), more = new ContentCheck(true, 6, 1,
			5.9, 0.1);
		assertSame(lagging, ContentCheck.worse(fine, lagging));
		assertSame(lagging, ContentCheck.worse(lagging, fine));
		assertSame(more, ContentCheck.worse(lagging, more)); // 2.9 px beyond its allowance against 2
		assertSame(fine, ContentCheck.worse(null, fine));
		final ContentCheck far = new ContentCheck(false, 6, 4, 5, 1), near = new ContentCheck(false, 6, 4, 2, 4);
		assertSame(far, ContentCheck.worse(near, far));
	}
}
