package dev.chimera.gateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chimera.contract.ContractJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Gives Quarkus's ObjectMapper the one Jackson configuration of the contract. */
@Singleton
public class ContractJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        ContractJson.configure(mapper);
    }
}
