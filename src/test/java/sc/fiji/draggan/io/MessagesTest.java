package sc.fiji.draggan.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class MessagesTest {

	@Test
	public void valuesPrintLikePython() {
		final Map<Object, Object> m = new LinkedHashMap<>();
		m.put("a", Arrays.asList(1, 2.5, null, true));
		m.put("b", null);
		assertEquals("{'a': [1, 2.5, None, true], 'b': None}", Messages.value(m));
		assertEquals("None", Messages.value(null));
		assertEquals("plain", Messages.value("plain"));
	}

	@Test
	public void sharedAndDeepStructuresPrintInBoundedTime() {
		List<Object> bomb = new ArrayList<>();
		for (int i = 0; i < 60; i++) bomb = Arrays.asList(bomb, bomb); // 2^60 leaves when walked
		final long t0 = System.nanoTime();
		assertTrue(Messages.value(bomb).length() <= Messages.MAX);
		List<Object> deep = new ArrayList<>();
		for (int i = 0; i < 200_000; i++) {
			final List<Object> outer = new ArrayList<>();
			outer.add(deep);
			deep = outer;
		}
		assertTrue(Messages.value(deep).length() <= Messages.MAX);
		assertTrue((System.nanoTime() - t0) / 1e6 + " ms", System.nanoTime() - t0 < 2_000_000_000L);
	}

	@Test
	public void clipKeepsOneShortLine() {
		final StringBuilder s = new StringBuilder("a\nb");
		for (int i = 0; i < 1000; i++) s.append('x');
		final String c = Messages.clip(s.toString());
		assertEquals(Messages.MAX, c.length());
		assertTrue(c.startsWith("a b") && c.endsWith("…"));
	}
}
