package dev.openhands.platform.main.doctor;

/**
 * Why a check failed and what the operator does about it, in words they act on.
 *
 * @param cause what is wrong
 * @param fix   what to change, and where
 */
public record Diagnosis(String cause, String fix) {
}
