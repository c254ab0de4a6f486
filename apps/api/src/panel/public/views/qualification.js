// Step 10: state-owned entity, and the education segment for education offers only.
import { radioGroup, showErrors, valueOf } from '../dom.js';
import { save, state } from '../state.js';
import { cartSegment, clearErrors, errorsFor, nextStep, wizardPage } from './wizard.js';

export function qualificationView(navigate) {
  const qualification = state.wizard.qualification;
  const education = cartSegment() === 'education';
  const page = wizardPage({
    step: 'qualification',
    title: 'Qualification',
    lead: 'Microsoft asks whether your organisation qualifies for special terms.',
    body: [
      radioGroup({
        path: 'qualification.stateOwnedEntity',
        legend: 'Is your organisation a state-owned entity?',
        value: String(qualification.stateOwnedEntity === true),
        options: [
          ['false', 'None', 'Not state-owned.'],
          ['true', 'State Owned Entity', 'Owned or controlled by a government.'],
        ],
      }),
      education
        ? radioGroup({
            path: 'qualification.educationSegment',
            legend: 'Education segment',
            hint: 'Microsoft verifies that your institution is eligible for education offers.',
            value: qualification.educationSegment,
            options: [
              ['K12', 'K12', 'Primary and secondary schools.'],
              ['HigherEducation', 'Higher Education', 'Colleges and universities.'],
            ],
          })
        : null,
    ],
    onNext: (form) => {
      clearErrors(['qualification']);
      qualification.stateOwnedEntity = valueOf(form, 'qualification.stateOwnedEntity') === 'true';
      qualification.educationSegment = education ? valueOf(form, 'qualification.educationSegment') : null;
      save();
      const invalid = showErrors(
        form,
        education && !qualification.educationSegment ? { 'qualification.educationSegment': 'Choose K12 or Higher Education' } : {},
      );
      if (invalid) return invalid.focus();
      navigate(`#/${nextStep('qualification')}`);
    },
  });
  showErrors(page, errorsFor(['qualification']));
  return page;
}
