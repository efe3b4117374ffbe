import rules

from core.roles import is_administrator

# An administrator resets a colleague's MFA when their phone and recovery codes are lost (issue 7, Identity).
rules.add_perm("identity.reset_mfa", is_administrator)
