package dev.agentplane.kit.compat;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource of the seed-002 ("Atom") drop-in API: its errors leave as
 * {@code {"success":false,"error":{code,message}}} instead of problem+json (see {@link AtomErrors}).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AtomApi {
}
