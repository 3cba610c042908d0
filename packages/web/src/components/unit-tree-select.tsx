import { TreeSelect, type TreeSelectProps } from 'antd';
import type { Unit } from '../api/types.ts';
import { buildUnitTree, unitOptions } from './unit-tree.ts';

type Props = Omit<TreeSelectProps<string>, 'treeData'> & {
  units: readonly Unit[];
  /** Units that cannot be chosen (shown greyed out). */
  isDisabled?: (unit: Unit) => boolean;
};

/**
 * Pick a unit from the org tree, searchable by name. Only the top level starts open: a
 * county has hundreds of units.
 */
export function UnitTreeSelect({ units, isDisabled, ...rest }: Props) {
  return (
    <TreeSelect<string>
      treeData={unitOptions(units, isDisabled)}
      treeDefaultExpandedKeys={buildUnitTree(units).map((root) => root.unit.id)}
      showSearch={{ treeNodeFilterProp: 'title' }}
      popupMatchSelectWidth={false}
      listHeight={360}
      {...rest}
    />
  );
}
