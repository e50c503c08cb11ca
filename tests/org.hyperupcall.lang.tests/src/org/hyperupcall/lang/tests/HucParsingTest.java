package org.hyperupcall.lang.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.hyperupcall.lang.HucStandaloneSetup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.inject.Injector;

/**
 * Parses text through the injector of the generated language (standalone setup), inside
 * OSGi. The texts match the placeholder grammar ({@code int x; int y;}); adapt them when
 * the real grammar replaces Huc.xtext.
 */
class HucParsingTest {

	private static Injector injector;

	@BeforeAll
	static void setUp() {
		injector = new HucStandaloneSetup().createInjectorAndDoEMFRegistration();
	}

	private static XtextResource parse(String text) throws IOException {
		XtextResourceSet resourceSet = injector.getInstance(XtextResourceSet.class);
		Resource resource = resourceSet.createResource(URI.createURI("dummy:/test.huc"));
		assertInstanceOf(XtextResource.class, resource, "the .huc extension is registered");
		resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
				Map.of(XtextResource.OPTION_ENCODING, "UTF-8"));
		return (XtextResource) resource;
	}

	private static String describe(List<Resource.Diagnostic> diagnostics) {
		return diagnostics.stream().map(d -> d.getLine() + ": " + d.getMessage())
				.collect(Collectors.joining("\n"));
	}

	@Test
	void validTextHasNoSyntaxErrors() throws IOException {
		XtextResource resource = parse("int x;\nint y;\n");
		assertTrue(resource.getErrors().isEmpty(), () -> describe(resource.getErrors()));
		assertFalse(resource.getParseResult().hasSyntaxErrors());
		assertEquals(1, resource.getContents().size());
	}

	@Test
	void syntaxErrorIsReportedWithItsLine() throws IOException {
		XtextResource resource = parse("int x;\nint y z;\nint w;\n");
		assertTrue(resource.getParseResult().hasSyntaxErrors());
		List<Resource.Diagnostic> errors = resource.getErrors();
		assertFalse(errors.isEmpty());
		assertEquals(2, errors.get(0).getLine(), () -> describe(errors));
	}
}
