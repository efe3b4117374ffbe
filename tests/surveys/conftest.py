from tests.oversight import responded_complaint, senior_lead

__all__ = ["responded_complaint", "senior_lead"]
