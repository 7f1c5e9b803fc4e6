/** A row of Radix radio buttons, each with its label, for a choice among a few named values. */
import { Flex, RadioGroup, Text } from '@radix-ui/themes';

export interface RadioChoicesProps<Value extends string> {
  value: Value;
  choices: readonly (readonly [Value, string])[];
  onChange: (value: Value) => void;
  /** The id of the text naming the choice (a group has no <label for>). */
  labelledBy?: string;
  'aria-label'?: string;
  id?: string;
  'aria-describedby'?: string | undefined;
  'aria-invalid'?: true | undefined;
}

export function RadioChoices<Value extends string>({
  value,
  choices,
  onChange,
  labelledBy,
  ...rest
}: RadioChoicesProps<Value>) {
  return (
    <RadioGroup.Root
      {...rest}
      value={value}
      onValueChange={(next) => onChange(next as Value)}
      aria-labelledby={labelledBy}
    >
      <Flex gap="4" wrap="wrap">
        {choices.map(([choice, label]) => (
          <Text as="label" size="2" key={choice}>
            <Flex gap="2" align="center">
              <RadioGroup.Item value={choice} /> {label}
            </Flex>
          </Text>
        ))}
      </Flex>
    </RadioGroup.Root>
  );
}
