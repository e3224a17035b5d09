package dev.chimera.contract.params;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The stable, machine-readable reason of a validation problem; clients may switch on its wire name. */
public enum ProblemCode {
    /** A field that must be given is absent, null or blank. */
    REQUIRED,
    /** A field has the wrong JSON type, e.g. a string where a number belongs. */
    WRONG_TYPE,
    /** A number lies outside its documented bounds, or breaks a bound set by another field. */
    OUT_OF_RANGE,
    /** A text is not one of the allowed choices or does not have the allowed form. */
    INVALID_VALUE,
    /** A field that the method does not have. */
    UNKNOWN_FIELD,
    /** The job kind is not one Chimera knows. */
    UNKNOWN_KIND,
    /** The method is not one Chimera knows. */
    UNKNOWN_METHOD,
    /** The method exists but serves another job kind. */
    METHOD_NOT_FOR_KIND,
    /** An input image the method requires was not supplied. */
    MISSING_INPUT,
    /** An input image was supplied under a role the method does not take. */
    UNEXPECTED_INPUT,
    /** An upload is not a well-formed image of a format Chimera recognises (unknown magic bytes, broken structure). */
    NOT_AN_IMAGE,
    /** An image ends before its header or its declared data is complete. */
    TRUNCATED_IMAGE,
    /** An image's header declares more pixels than the limit; refused before any pixel is decoded. */
    IMAGE_TOO_LARGE,
    /** An upload has more bytes than the limit. */
    UPLOAD_TOO_LARGE,
    /** A recognised image format that this deployment does not take, e.g. WebP where workers cannot decode it. */
    UNSUPPORTED_IMAGE_FORMAT,
    /** An image whose header is sound but whose pixel data the decoder cannot read (e.g. a corrupt deflate stream). */
    IMAGE_CORRUPT,
    /** An image too thin for the method: a side too short after the method's resize, or an extreme aspect ratio. */
    IMAGE_ASPECT,
    /** A label map holds a class the model version the job will use does not know. */
    UNKNOWN_LABEL_CLASS,
    /** No live worker serves the method and the operator did not configure its pool to scale from zero. */
    METHOD_UNAVAILABLE;

    /** The lowercase snake_case name used in problem+json, e.g. {@code out_of_range}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
