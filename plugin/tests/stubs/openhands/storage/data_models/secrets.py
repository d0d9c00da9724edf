# openhands/storage/data_models/secrets.py (0.62.0): Secrets(BaseModel) with provider_tokens and custom_secrets
import json


class Secrets:
    def __init__(self, provider_tokens=None, custom_secrets=None):
        self.provider_tokens = dict(provider_tokens or {})
        self.custom_secrets = dict(custom_secrets or {})

    def model_dump_json(self, context=None) -> str:
        return json.dumps({'provider_tokens': self.provider_tokens, 'custom_secrets': self.custom_secrets})
