# openhands/events/observation/observation.py and error.py (0.62.0): Observation(content), ErrorObservation
from dataclasses import dataclass


@dataclass
class Observation:
    content: str


@dataclass
class ErrorObservation(Observation):
    error_id: str = ''
